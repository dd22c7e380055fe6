/**
 * Staff pages of the meeting proceedings: invitations and the public notice of a meeting
 * (/app/council/meetings/:id/announce), counter-proposals and amendments of an agenda item
 * (/app/council/items/:id/motions), tasks with fulfilment reports (/app/council/tasks, …/:id)
 * and the "kontrola plnění usnesení" report (/app/council/meetings/:id/kontrola-plneni[.pdf]).
 * Forms post back; a refused action shows its reason on the page and changes nothing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { contentDisposition, receiveUpload } from '../../../platform/blobs/index.js';
import { todayIn } from '../../../platform/calendar/index.js';
import type { AppContext } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { Layout, type PageEnv, pageEnv } from '../../../platform/http/layout.js';
import { HiddenCsrf, sendPage } from '../../../platform/http/render.js';
import { formatDate, formatDateTime, type T } from '../../../platform/i18n/index.js';
import { csrfAction, requireUser } from '../../../platform/identity/http.js';
import {
  type AnnouncementView,
  getAnnouncement,
  postMeetingNotice,
  sendInvitations,
  setMemberEmail,
  setStartTime,
} from '../announce-service.js';
import { type Clause, VERBS } from '../domain/material.js';
import type { Motion } from '../domain/motions.js';
import type { ResolutionLink, ResolutionLinks } from '../links-service.js';
import '../messages-proceedings.js';
import { addMotion, getItemMotions, type ItemMotionsView, voteOnMotion } from '../motions-service.js';
import { councilPolicy } from '../policy.js';
import {
  addReportFile,
  addTaskReport,
  closeTask,
  getReportFile,
  getTask,
  getTaskReport,
  listTaskDetails,
  renderTaskReportPdf,
  type TaskDetail,
  type TaskReportView,
} from '../tasks-service.js';

type Problem = { message: string; details: string[] } | null;
type Values = Record<string, string>;

function problemOf(e: unknown): Problem {
  if (e instanceof AppError && (e.code === 'validation' || e.code === 'conflict' || e.code === 'forbidden'))
    return { message: e.message, details: e.fields.map((f) => `${f.field}: ${f.message}`) };
  throw e;
}

function ProblemBox(props: { problem: Problem }) {
  if (!props.problem) return null;
  return (
    <div class="gov-message gov-message--error" role="alert" tabIndex={-1}>
      <p>{props.problem.message}</p>
      {props.problem.details.length > 0 && (
        <ul>
          {props.problem.details.map((d) => (
            <li>{d}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

function values(body: unknown): Values {
  const out: Values = {};
  if (body && typeof body === 'object')
    for (const [k, v] of Object.entries(body as Record<string, unknown>))
      if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}

function Field(props: {
  id: string;
  name: string;
  label: string;
  value?: string;
  type?: string;
  required?: boolean;
}) {
  return (
    <div class="gov-form-control">
      <label class="gov-form-label" for={props.id}>
        {props.label}
      </label>
      <input
        id={props.id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
      />
    </div>
  );
}

function Choice(props: {
  id: string;
  name: string;
  label: string;
  options: [string, string][];
  value?: string;
}) {
  return (
    <div class="gov-form-control">
      <label class="gov-form-label" for={props.id}>
        {props.label}
      </label>
      <select id={props.id} name={props.name}>
        {props.options.map(([v, l]) => (
          <option value={v} selected={v === props.value}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

const Button = (props: { label: string; secondary?: boolean }) => (
  <button
    type="submit"
    class={`gov-button ${props.secondary ? 'gov-button--secondary' : 'gov-button--primary'}`}
  >
    {props.label}
  </button>
);

const P = 'council-proceedings';

// --- the box on the meeting page ---------------------------------------------------------------------

/** Shown on the meeting page: links here and the state of the public notice. */
export function ProceedingsBox(props: { env: PageEnv; meetingId: string; a: AnnouncementView }) {
  const { t, locale } = props.env;
  const { a } = props;
  const base = `/app/council/meetings/${props.meetingId}`;
  const sent = a.recipients.filter((r) => r.invitation?.state === 'sent').length;
  return (
    <section aria-labelledby="meeting-proceedings">
      <h2 id="meeting-proceedings">{t(`${P}:box`)}</h2>
      <ul>
        <li>
          <a href={`${base}/announce`}>{t(`${P}:announce`)}</a> ({t(`${P}:invitation`)}: {sent}/
          {a.recipients.length})
        </li>
        {a.noticeRequired && (
          <li>
            {t(`${P}:notice`)}:{' '}
            {a.notice ? (
              <>
                {t(`${P}:noticeState.${a.notice.state}`, {
                  from: formatDate(locale, a.notice.postingDate),
                  to: formatDate(locale, a.notice.removalDate),
                })}{' '}
                – <a href={a.notice.publicUrl}>{t(`${P}:noticeLink`)}</a>
              </>
            ) : (
              t(`${P}:noticeNone`)
            )}
          </li>
        )}
        <li>
          <a href={`${base}/kontrola-plneni`}>{t(`${P}:taskReport`)}</a>
        </li>
      </ul>
    </section>
  );
}

// --- invitations and notice --------------------------------------------------------------------------

function AnnouncePage(props: {
  env: PageEnv;
  a: AnnouncementView;
  canRun: boolean;
  canManageBody: boolean;
  problem: Problem;
}) {
  const { env, a } = props;
  const { t, locale } = env;
  const base = `/app/council/meetings/${a.meetingId}`;
  const anySent = a.recipients.some((r) => r.invitation);
  return (
    <Layout env={env} title={`${t(`${P}:announce`)} – ${formatDate(locale, a.date)}`}>
      <ProblemBox problem={props.problem} />
      <p>
        {formatDate(locale, a.date)}
        {a.startTime && `, ${a.startTime}`}, {a.place}
      </p>
      {props.canRun && !a.held && (
        <form method="post" action={`${base}/start-time`}>
          <HiddenCsrf token={env.csrfToken} />
          <Field id="f-start" name="startTime" label={t(`${P}:startTime`)} value={a.startTime ?? ''} />
          <Button label={t(`${P}:saveTime`)} secondary />
        </form>
      )}
      <h2>{t(`${P}:recipients`)}</h2>
      {!a.mailConfigured && <p class="gov-message gov-message--warning">{t(`${P}:mailOff`)}</p>}
      <table class="gov-table">
        <thead>
          <tr>
            <th scope="col">{t(`${P}:name`)}</th>
            <th scope="col">{t(`${P}:email`)}</th>
            <th scope="col">{t(`${P}:invitation`)}</th>
          </tr>
        </thead>
        <tbody>
          {a.recipients.map((r) => (
            <tr>
              <th scope="row">{r.name}</th>
              <td>
                {props.canManageBody ? (
                  <form
                    method="post"
                    action={`/app/council/members/${r.memberId}/email?meeting=${a.meetingId}`}
                  >
                    <HiddenCsrf token={env.csrfToken} />
                    <label class="gov-form-label" for={`f-email-${r.memberId}`}>
                      {t(`${P}:emailOf`, { name: r.name })}
                    </label>
                    <input id={`f-email-${r.memberId}`} name="email" type="email" value={r.email ?? ''} />{' '}
                    <Button label={t(`${P}:saveEmail`)} secondary />
                  </form>
                ) : (
                  (r.email ?? t(`${P}:noEmail`))
                )}
              </td>
              <td>
                {!r.invitation
                  ? t(`${P}:inv.none`)
                  : r.invitation.state === 'sent'
                    ? t(`${P}:inv.sent`, {
                        at: r.invitation.sentAt ? formatDateTime(locale, r.invitation.sentAt) : '',
                      })
                    : r.invitation.state === 'failed'
                      ? t(`${P}:inv.failed`, {
                          error: r.invitation.lastError ?? '',
                          attempts: r.invitation.attempts,
                        })
                      : t(`${P}:inv.queued`)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.canRun && !a.held && a.mailConfigured && (
        <form method="post" action={`${base}/invitations`}>
          <HiddenCsrf token={env.csrfToken} />
          <Button label={anySent ? t(`${P}:resend`) : t(`${P}:send`)} />
        </form>
      )}
      <h2>{t(`${P}:notice`)}</h2>
      {!a.noticeRequired ? (
        <p>{t(`${P}:noticeNotNeeded`)}</p>
      ) : (
        <>
          <p class="hint">
            {t(`${P}:noticeHint`, { days: a.noticeDaysAhead, latest: formatDate(locale, a.noticeLatest) })}
          </p>
          {a.notice ? (
            <p>
              {t(`${P}:noticeState.${a.notice.state}`, {
                from: formatDate(locale, a.notice.postingDate),
                to: formatDate(locale, a.notice.removalDate),
              })}
              {a.notice.boardNumber && ` (${a.notice.boardNumber})`} –{' '}
              <a href={a.notice.publicUrl}>{t(`${P}:noticeLink`)}</a>
            </p>
          ) : (
            <>
              <p>{t(`${P}:noticeNone`)}</p>
              {props.canRun && (
                <form method="post" action={`${base}/notice`}>
                  <HiddenCsrf token={env.csrfToken} />
                  <Field
                    id="f-posting"
                    name="postingDate"
                    type="date"
                    label={t(`${P}:postingDate`)}
                    value={a.today}
                  />
                  <Button label={t(`${P}:post`)} />
                </form>
              )}
            </>
          )}
        </>
      )}
      <p>
        <a href={base}>{t(`${P}:backToMeeting`)}</a>
      </p>
    </Layout>
  );
}

// --- motions -----------------------------------------------------------------------------------------

const clauseText = (t: T, c: Clause) =>
  `${t(`council:verb.${c.verb}`)} ${c.text}${c.verb === 'uklada' ? ` (${c.responsible ?? ''}, ${c.due ?? ''})` : ''}${c.ref ? ` (${c.ref})` : ''}`;

function motionText(t: T, m: Motion): string {
  if (m.kind === 'counter') return (m.clauses ?? []).map((c) => clauseText(t, c)).join('; ');
  const ch = m.change!;
  if (ch.clauseIndex === null)
    return t(`${P}:change.add`, { text: ch.clause ? clauseText(t, ch.clause) : '' });
  if (!ch.clause) return t(`${P}:change.delete`, { n: ch.clauseIndex + 1 });
  return t(`${P}:change.replace`, { n: ch.clauseIndex + 1, text: clauseText(t, ch.clause) });
}

function ClauseFields(props: { t: T; prefix: string; idPrefix: string }) {
  const { t } = props;
  return (
    <>
      <Choice
        id={`${props.idPrefix}-verb`}
        name={`${props.prefix}verb`}
        label={t(`${P}:verb`)}
        options={VERBS.map((v) => [v, t(`council:verb.${v}`)])}
      />
      <Field id={`${props.idPrefix}-text`} name={`${props.prefix}text`} label={t(`${P}:text`)} />
      <Field
        id={`${props.idPrefix}-resp`}
        name={`${props.prefix}responsible`}
        label={t('council:field.responsible')}
      />
      <Field
        id={`${props.idPrefix}-due`}
        name={`${props.prefix}due`}
        type="date"
        label={t('council:field.due')}
      />
      <Field id={`${props.idPrefix}-ref`} name={`${props.prefix}ref`} label={t(`${P}:clauseRef`)} />
    </>
  );
}

function clauseFrom(v: Values, prefix: string): Clause | null {
  const text = (v[`${prefix}text`] ?? '').trim();
  if (!text) return null;
  const verb = (v[`${prefix}verb`] ?? 'schvaluje') as Clause['verb'];
  return {
    verb,
    text,
    ...(v[`${prefix}responsible`] ? { responsible: v[`${prefix}responsible`] } : {}),
    ...(v[`${prefix}due`] ? { due: v[`${prefix}due`] } : {}),
    ...(v[`${prefix}ref`] ? { ref: v[`${prefix}ref`] } : {}),
  };
}

function MotionsPage(props: { env: PageEnv; v: ItemMotionsView; canRun: boolean; problem: Problem }) {
  const { env, v } = props;
  const { t } = env;
  const open = props.canRun && !v.item.vote && !v.item.outcome;
  const votingStarted = v.motions.some((m) => m.state !== 'pending');
  const next =
    v.next.kind === 'motion'
      ? v.motions.find((m) => m.id === (v.next as { motionId: string }).motionId)
      : null;
  return (
    <Layout
      env={env}
      title={`${t(`${P}:motions`)} – ${t(`${P}:item`, { n: v.item.position, title: v.item.title })}`}
    >
      <ProblemBox problem={props.problem} />
      <h2>{t(`${P}:mainProposal`)}</h2>
      <ol>
        {v.mainClauses.map((c) => (
          <li>{clauseText(t, c)}</li>
        ))}
      </ol>
      <h2>{t(`${P}:motions`)}</h2>
      {v.motions.length > 0 && (
        <table class="gov-table">
          <thead>
            <tr>
              <th scope="col">{t(`${P}:order`)}</th>
              <th scope="col">{t(`${P}:proposer`)}</th>
              <th scope="col">{t(`${P}:text`)}</th>
              <th scope="col">{t(`${P}:taskState`)}</th>
            </tr>
          </thead>
          <tbody>
            {[...v.motions]
              .sort((a, b) => a.order - b.order)
              .map((m) => (
                <tr>
                  <th scope="row">
                    {m.order}. {t(`${P}:kind.${m.kind}`)} č. {m.seq}
                  </th>
                  <td>{m.proposer}</td>
                  <td>{motionText(t, m)}</td>
                  <td>
                    {t(`${P}:state.${m.state}`)}
                    {m.vote &&
                      ` (${t(`${P}:for`)} ${m.vote.tally.for}, ${t(`${P}:against`)} ${m.vote.tally.against}, ${t(`${P}:abstain`)} ${m.vote.tally.abstain})`}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
      <p>
        <strong>
          {v.next.kind === 'motion' && next
            ? t(`${P}:next.motion`, { what: `${t(`${P}:kind.${next.kind}`)} č. ${next.seq}` })
            : v.next.kind === 'main'
              ? t(`${P}:next.main`)
              : t(`${P}:next.settled`)}
        </strong>
      </p>
      {v.settlement.kind !== 'pending' && (
        <>
          <h3>{t(`${P}:wording`)}</h3>
          <ol>
            {v.settlement.clauses.map((c) => (
              <li>{clauseText(t, c)}</li>
            ))}
          </ol>
        </>
      )}
      {open && next && (
        <form method="post" action={`/app/council/motions/${next.id}/vote`}>
          <HiddenCsrf token={env.csrfToken} />
          <input type="hidden" name="itemId" value={v.item.id} />
          <fieldset>
            <legend>
              {t(`${P}:voteNow`)} – {t(`${P}:kind.${next.kind}`)} č. {next.seq}
            </legend>
            {(['for', 'against', 'abstain', 'notVoting'] as const).map((k) => (
              <Field id={`f-mv-${k}`} name={k} type="number" label={t(`${P}:${k}`)} value="0" />
            ))}
          </fieldset>
          <Button label={t(`${P}:voteNow`)} />
        </form>
      )}
      {open && !votingStarted && (
        <>
          <form
            method="post"
            action={`/app/council/items/${v.item.id}/motions`}
            aria-labelledby="add-counter"
          >
            <h2 id="add-counter">{t(`${P}:addCounter`)}</h2>
            <HiddenCsrf token={env.csrfToken} />
            <input type="hidden" name="kind" value="counter" />
            <Field id="f-c-proposer" name="proposer" label={t(`${P}:proposer`)} required />
            {[0, 1, 2].map((i) => (
              <fieldset>
                <legend>{`${t('council:meetings.item')} ${i + 1}`}</legend>
                <ClauseFields t={t} prefix={`clause.${i}.`} idPrefix={`f-c-${i}`} />
              </fieldset>
            ))}
            <Button label={t(`${P}:add`)} secondary />
          </form>
          {v.item.materialId && (
            <form
              method="post"
              action={`/app/council/items/${v.item.id}/motions`}
              aria-labelledby="add-amendment"
            >
              <h2 id="add-amendment">{t(`${P}:addAmendment`)}</h2>
              <HiddenCsrf token={env.csrfToken} />
              <input type="hidden" name="kind" value="amendment" />
              <Field id="f-a-proposer" name="proposer" label={t(`${P}:proposer`)} required />
              <Field id="f-a-index" name="clauseNo" type="number" label={t(`${P}:clauseNo`)} />
              <div class="checkbox-control">
                <input id="f-a-delete" type="checkbox" name="delete" value="on" />{' '}
                <label for="f-a-delete">{t(`${P}:deleteClause`)}</label>
              </div>
              <ClauseFields t={t} prefix="clause." idPrefix="f-a" />
              <Button label={t(`${P}:add`)} secondary />
            </form>
          )}
        </>
      )}
      <p>
        <a href={`/app/council/meetings/${v.meetingId}`}>{t(`${P}:backToMeeting`)}</a>
      </p>
    </Layout>
  );
}

// --- tasks -------------------------------------------------------------------------------------------

function TasksPage(props: { env: PageEnv; tasks: TaskDetail[] }) {
  const { env } = props;
  const { t, locale } = env;
  return (
    <Layout env={env} title={t(`${P}:tasks`)}>
      {props.tasks.length === 0 ? (
        <p>{t(`${P}:tasksEmpty`)}</p>
      ) : (
        <TaskTable t={t} locale={locale} tasks={props.tasks} links />
      )}
    </Layout>
  );
}

function TaskTable(props: { t: T; locale: PageEnv['locale']; tasks: TaskDetail[]; links?: boolean }) {
  const { t, locale } = props;
  return (
    <table class="gov-table">
      <thead>
        <tr>
          <th scope="col">{t(`${P}:resolution`)}</th>
          <th scope="col">{t(`${P}:task`)}</th>
          <th scope="col">{t(`${P}:responsible`)}</th>
          <th scope="col">{t(`${P}:due`)}</th>
          <th scope="col">{t(`${P}:taskState`)}</th>
        </tr>
      </thead>
      <tbody>
        {props.tasks.map((x) => (
          <tr>
            <th scope="row">{x.resolutionNumber}</th>
            <td>{props.links ? <a href={`/app/council/tasks/${x.id}`}>{x.text}</a> : x.text}</td>
            <td>{x.responsible}</td>
            <td>{formatDate(locale, x.due)}</td>
            <td>
              {x.state === 'open' ? t(`${P}:urgency.${x.urgency}`) : t(`${P}:tstate.${x.state}`)}
              {x.closedOn && ` – ${t(`${P}:closedOn`, { date: formatDate(locale, x.closedOn) })}`}
              {x.reason && ` – ${x.reason}`}
              {x.entries.length > 0 && ` – ${x.entries.at(-1)!.text}`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TaskPage(props: {
  env: PageEnv;
  task: TaskDetail;
  canManage: boolean;
  today: string;
  problem: Problem;
}) {
  const { env, task } = props;
  const { t, locale } = env;
  const base = `/app/council/tasks/${task.id}`;
  const open = props.canManage && task.state === 'open';
  return (
    <Layout env={env} title={`${t(`${P}:task`)} – ${task.resolutionNumber}`}>
      <ProblemBox problem={props.problem} />
      <dl>
        <dt>{t(`${P}:task`)}</dt>
        <dd>{task.text}</dd>
        <dt>{t(`${P}:responsible`)}</dt>
        <dd>{task.responsible}</dd>
        <dt>{t(`${P}:due`)}</dt>
        <dd>{formatDate(locale, task.due)}</dd>
        <dt>{t(`${P}:taskState`)}</dt>
        <dd>
          {task.state === 'open' ? t(`${P}:urgency.${task.urgency}`) : t(`${P}:tstate.${task.state}`)}
          {task.closedOn && ` – ${t(`${P}:closedOn`, { date: formatDate(locale, task.closedOn) })}`}
          {task.reason && ` – ${t(`${P}:reason`)}: ${task.reason}`}
        </dd>
      </dl>
      <h2>{t(`${P}:reports`)}</h2>
      {task.entries.length === 0 && <p>{t(`${P}:noReports`)}</p>}
      {task.entries.map((e, i) => (
        <article>
          <h3>{formatDate(locale, e.date)}</h3>
          <p>{e.text}</p>
          {e.files.length > 0 && (
            <ul>
              {e.files.map((f) => (
                <li>
                  <a href={`${base}/files/${f.id}`}>{f.filename}</a>
                </li>
              ))}
            </ul>
          )}
          {open && (
            <form
              method="post"
              action={csrfAction(`${base}/reports/${e.id}/files`, env.csrfToken)}
              enctype="multipart/form-data"
            >
              <div class="gov-form-control">
                <label class="gov-form-label" for={`f-proof-${i}`}>
                  {t(`${P}:proof`)}
                </label>
                <input id={`f-proof-${i}`} name="file" type="file" required />
              </div>
              <Button label={t(`${P}:attach`)} secondary />
            </form>
          )}
        </article>
      ))}
      {open && (
        <form method="post" action={`${base}/reports`} aria-labelledby="add-report">
          <h2 id="add-report">{t(`${P}:addReport`)}</h2>
          <HiddenCsrf token={env.csrfToken} />
          <div class="gov-form-control">
            <label class="gov-form-label" for="f-report-text">
              {t(`${P}:reportText`)}
            </label>
            <textarea id="f-report-text" name="text" rows={4} required />
          </div>
          <Field
            id="f-report-date"
            name="date"
            type="date"
            label={t(`${P}:reportDate`)}
            value={props.today}
          />
          <Button label={t(`${P}:addReport`)} secondary />
        </form>
      )}
      {open && (
        <form method="post" action={`${base}/close`} aria-labelledby="close-task">
          <h2 id="close-task">{t(`${P}:close`)}</h2>
          <HiddenCsrf token={env.csrfToken} />
          <Choice
            id="f-close-state"
            name="state"
            label={t(`${P}:closeAs`)}
            options={[
              ['done', t(`${P}:tstate.done`)],
              ['cancelled', t(`${P}:tstate.cancelled`)],
            ]}
          />
          <Field id="f-close-reason" name="reason" label={t(`${P}:reason`)} />
          <Field id="f-close-date" name="date" type="date" label={t(`${P}:closeDate`)} value={props.today} />
          <Button label={t(`${P}:close`)} />
        </form>
      )}
      <p>
        <a href="/app/council/tasks">{t(`${P}:tasks`)}</a>
      </p>
    </Layout>
  );
}

function reportLabels(t: T, locale: PageEnv['locale'], r: TaskReportView) {
  return {
    title: t(`${P}:reportTitle`, { body: r.bodyName, number: r.number, date: formatDate(locale, r.date) }),
    overdue: t(`${P}:overdue`),
    open: t(`${P}:open`),
    closed: t(`${P}:closed`),
    none: t(`${P}:none`),
    columns: [
      t(`${P}:resolution`),
      t(`${P}:task`),
      t(`${P}:responsible`),
      t(`${P}:due`),
      t(`${P}:taskState`),
    ] as [string, string, string, string, string],
    state: (x: TaskDetail) =>
      x.state === 'cancelled'
        ? t(`${P}:stateCancelled`, { reason: x.reason ?? '' })
        : x.state === 'done'
          ? `${t(`${P}:tstate.done`)}${x.closedOn ? ` ${formatDate(locale, x.closedOn)}` : ''}`
          : `${t(`${P}:urgency.${x.urgency}`)}${x.entries.length ? `: ${x.entries.at(-1)!.text}` : ''}`,
    footer: r.tenantName,
  };
}

function TaskReportPage(props: { env: PageEnv; r: TaskReportView }) {
  const { env, r } = props;
  const { t, locale } = env;
  const labels = reportLabels(t, locale, r);
  const section = (id: string, heading: string, tasks: TaskDetail[]) => (
    <section aria-labelledby={id}>
      <h2 id={id}>
        {heading} ({tasks.length})
      </h2>
      {tasks.length === 0 ? (
        <p>{labels.none}</p>
      ) : (
        <table class="gov-table">
          <thead>
            <tr>
              {labels.columns.map((c) => (
                <th scope="col">{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {tasks.map((x) => (
              <tr>
                <th scope="row">{x.resolutionNumber}</th>
                <td>
                  <a href={`/app/council/tasks/${x.id}`}>{x.text}</a>
                </td>
                <td>{x.responsible}</td>
                <td>{formatDate(locale, x.due)}</td>
                <td>{labels.state(x)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
  return (
    <Layout env={env} title={labels.title}>
      {r.since && <p>{t(`${P}:since`, { date: formatDate(locale, r.since) })}</p>}
      <p>
        <a href={`/app/council/meetings/${r.meetingId}/kontrola-plneni.pdf`} type="application/pdf">
          {t(`${P}:pdf`)}
        </a>
      </p>
      {section('tr-overdue', labels.overdue, r.sections.overdue)}
      {section('tr-open', labels.open, r.sections.open)}
      {section('tr-closed', labels.closed, r.sections.closed)}
      <p>
        <a href={`/app/council/meetings/${r.meetingId}`}>{t(`${P}:backToMeeting`)}</a>
      </p>
    </Layout>
  );
}

// --- routes ------------------------------------------------------------------------------------------

export function councilProceedingsPages(app: FastifyInstance, ctx: AppContext): void {
  type Id = { Params: { id: string } };
  const can = (r: FastifyRequest, a: 'meeting.run' | 'body.manage' | 'task.manage') =>
    councilPolicy.can(r.actor, a, { tenantId: r.actor.tenantId });
  const send = (reply: FastifyReply, page: VNode, status = 200) => sendPage(reply, page, status);
  const statusOf = (e: unknown) => (e instanceof AppError ? e.status : 422);

  const announcePage = async (
    r: FastifyRequest,
    reply: FastifyReply,
    meetingId: string,
    problem: Problem = null,
    status = 200,
  ) =>
    send(
      reply,
      <AnnouncePage
        env={pageEnv(r, ctx)}
        a={await getAnnouncement(ctx, r.actor, meetingId)}
        canRun={can(r, 'meeting.run')}
        canManageBody={can(r, 'body.manage')}
        problem={problem}
      />,
      status,
    );
  app.get<Id>('/app/council/meetings/:id/announce', async (r, reply) => {
    requireUser(r);
    return announcePage(r, reply, r.params.id);
  });
  const announceAction = (path: string, run: (r: FastifyRequest<Id>, v: Values) => Promise<unknown>) =>
    app.post<Id>(`/app/council/meetings/:id${path}`, async (r, reply) => {
      requireUser(r);
      try {
        await run(r, values(r.body));
        return reply.redirect(`/app/council/meetings/${r.params.id}/announce`, 303);
      } catch (e) {
        return announcePage(r, reply, r.params.id, problemOf(e), statusOf(e));
      }
    });
  announceAction('/start-time', (r, v) => setStartTime(ctx, r.actor, r.params.id, v.startTime ?? ''));
  announceAction('/invitations', (r) => sendInvitations(ctx, r.actor, r.params.id));
  announceAction('/notice', (r, v) =>
    postMeetingNotice(ctx, r.actor, r.params.id, { postingDate: v.postingDate || null }),
  );
  app.post<{ Params: { id: string }; Querystring: { meeting?: string } }>(
    '/app/council/members/:id/email',
    async (r, reply) => {
      requireUser(r);
      const meetingId = typeof r.query.meeting === 'string' ? r.query.meeting : '';
      try {
        await setMemberEmail(ctx, r.actor, r.params.id, values(r.body).email ?? null);
        return reply.redirect(
          meetingId ? `/app/council/meetings/${meetingId}/announce` : '/app/council/bodies',
          303,
        );
      } catch (e) {
        if (!meetingId) throw e;
        return announcePage(r, reply, meetingId, problemOf(e), statusOf(e));
      }
    },
  );

  const motionsPage = async (
    r: FastifyRequest,
    reply: FastifyReply,
    itemId: string,
    problem: Problem = null,
    status = 200,
  ) =>
    send(
      reply,
      <MotionsPage
        env={pageEnv(r, ctx)}
        v={await getItemMotions(ctx, r.actor, itemId)}
        canRun={can(r, 'meeting.run')}
        problem={problem}
      />,
      status,
    );
  app.get<Id>('/app/council/items/:id/motions', async (r, reply) => {
    requireUser(r);
    return motionsPage(r, reply, r.params.id);
  });
  app.post<Id>('/app/council/items/:id/motions', async (r, reply) => {
    requireUser(r);
    const v = values(r.body);
    try {
      if (v.kind === 'amendment') {
        const n = (v.clauseNo ?? '').trim();
        const clause = v.delete === 'on' ? null : clauseFrom(v, 'clause.');
        await addMotion(ctx, r.actor, r.params.id, {
          kind: 'amendment',
          proposer: v.proposer ?? '',
          change: { clauseIndex: /^\d+$/.test(n) ? Number(n) - 1 : null, clause },
        });
      } else {
        const clauses = [0, 1, 2]
          .map((i) => clauseFrom(v, `clause.${i}.`))
          .filter((c): c is Clause => c !== null);
        await addMotion(ctx, r.actor, r.params.id, { kind: 'counter', proposer: v.proposer ?? '', clauses });
      }
      return reply.redirect(`/app/council/items/${r.params.id}/motions`, 303);
    } catch (e) {
      return motionsPage(r, reply, r.params.id, problemOf(e), statusOf(e));
    }
  });
  app.post<Id>('/app/council/motions/:id/vote', async (r, reply) => {
    requireUser(r);
    const v = values(r.body);
    const n = (k: string) => (/^\d+$/.test((v[k] ?? '').trim()) ? Number(v[k]) : Number.NaN);
    try {
      const res = await voteOnMotion(ctx, r.actor, r.params.id, {
        kind: 'aggregate',
        for: n('for'),
        against: n('against'),
        abstain: n('abstain'),
        notVoting: n('notVoting'),
      });
      return reply.redirect(`/app/council/items/${res.item.id}/motions`, 303);
    } catch (e) {
      if (!v.itemId) throw e;
      return motionsPage(r, reply, v.itemId, problemOf(e), statusOf(e));
    }
  });

  app.get('/app/council/tasks', async (r, reply) => {
    requireUser(r);
    return send(reply, <TasksPage env={pageEnv(r, ctx)} tasks={await listTaskDetails(ctx, r.actor)} />);
  });
  const taskPage = async (
    r: FastifyRequest<Id>,
    reply: FastifyReply,
    problem: Problem = null,
    status = 200,
  ) => {
    const task = await getTask(ctx, r.actor, r.params.id);
    const today = todayIn('Europe/Prague', ctx.clock.now());
    return send(
      reply,
      <TaskPage
        env={pageEnv(r, ctx)}
        task={task}
        canManage={can(r, 'task.manage')}
        today={today}
        problem={problem}
      />,
      status,
    );
  };
  app.get<Id>('/app/council/tasks/:id', async (r, reply) => {
    requireUser(r);
    return taskPage(r, reply);
  });
  const taskAction = (
    path: string,
    run: (r: FastifyRequest<Id & { Params: { rid?: string } }>) => Promise<unknown>,
  ) =>
    app.post<Id & { Params: { rid?: string } }>(`/app/council/tasks/:id${path}`, async (r, reply) => {
      requireUser(r);
      try {
        await run(r);
        return reply.redirect(`/app/council/tasks/${r.params.id}`, 303);
      } catch (e) {
        return taskPage(r, reply, problemOf(e), statusOf(e));
      }
    });
  taskAction('/reports', (r) => {
    const v = values(r.body);
    return addTaskReport(ctx, r.actor, r.params.id, { text: v.text ?? '', date: v.date || null });
  });
  taskAction('/reports/:rid/files', async (r) => {
    const upload = await receiveUpload(r, ctx, { field: 'file' });
    return addReportFile(ctx, r.actor, r.params.id, r.params.rid ?? '', {
      filename: upload.filename,
      blob: upload,
    });
  });
  taskAction('/close', (r) => {
    const v = values(r.body);
    return closeTask(ctx, r.actor, r.params.id, {
      state: v.state ?? '',
      reason: v.reason ?? null,
      date: v.date || null,
    });
  });
  app.get<{ Params: { id: string; fileId: string } }>(
    '/app/council/tasks/:id/files/:fileId',
    async (r, reply) => {
      requireUser(r);
      const f = await getReportFile(ctx, r.actor, r.params.id, r.params.fileId);
      return reply
        .type(f.record.mime)
        .header('content-disposition', contentDisposition(f.record.filename))
        .header('x-content-type-options', 'nosniff')
        .send(await f.read());
    },
  );

  app.get<Id>('/app/council/meetings/:id/kontrola-plneni', async (r, reply) => {
    requireUser(r);
    return send(
      reply,
      <TaskReportPage env={pageEnv(r, ctx)} r={await getTaskReport(ctx, r.actor, r.params.id)} />,
    );
  });
  app.get<Id>('/app/council/meetings/:id/kontrola-plneni.pdf', async (r, reply) => {
    requireUser(r);
    const env = pageEnv(r, ctx);
    const report = await getTaskReport(ctx, r.actor, r.params.id);
    const pdf = await renderTaskReportPdf(report, reportLabels(env.t, env.locale, report), ctx.clock.now());
    return reply
      .type('application/pdf')
      .header(
        'content-disposition',
        contentDisposition(
          `kontrola-plneni-${report.bodyCode}-${report.number}-${report.year}.pdf`,
          'inline',
        ),
      )
      .send(Buffer.from(pdf));
  });
}

/** The links of a resolution as facts (public and staff pages): revoked/amended by, revokes/amends. */
export function ResolutionLinkFacts(props: { t: T; slug: string; links: ResolutionLinks }) {
  const { t, links } = props;
  const a = (l: ResolutionLink) => <a href={`/${props.slug}/usneseni/${l.id}`}>{l.number}</a>;
  const list = (ls: ResolutionLink[]) =>
    ls.map((l, i) => (
      <>
        {i > 0 && ', '}
        {a(l)}
      </>
    ));
  return (
    <>
      {links.revokedBy && (
        <>
          <dt>{t(`${P}:revokedByLabel`)}</dt>
          <dd>
            <strong>
              {t(`${P}:revokedBy`, { number: '' })}
              {a(links.revokedBy)}
            </strong>
          </dd>
        </>
      )}
      {links.amendedBy.length > 0 && (
        <>
          <dt>{t(`${P}:amendedByLabel`)}</dt>
          <dd>{list(links.amendedBy)}</dd>
        </>
      )}
      {links.revokes.length > 0 && (
        <>
          <dt>{t(`${P}:revokes`)}</dt>
          <dd>{list(links.revokes)}</dd>
        </>
      )}
      {links.amends.length > 0 && (
        <>
          <dt>{t(`${P}:amends`)}</dt>
          <dd>{list(links.amends)}</dd>
        </>
      )}
    </>
  );
}
