/**
 * Staff pages of the minutes: the list with due dates and overdue state (/app/council/minutes)
 * and one meeting's minutes (/app/council/meetings/:id/minutes) where the secretary writes the
 * discussion notes and makes the minutes final, and each verifier approves. Forms post back;
 * a refused action shows its reason on the page (409/403/422) and changes nothing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { contentDisposition } from '../../../platform/blobs/index.js';
import type { AppContext } from '../../../platform/context.js';
import type { Actor } from '../../../platform/db/tenant.js';
import { AppError } from '../../../platform/errors.js';
import { Layout, type PageEnv, pageEnv } from '../../../platform/http/layout.js';
import { HiddenCsrf, sendPage } from '../../../platform/http/render.js';
import { formatDate, formatDateTime, type Locale, type T } from '../../../platform/i18n/index.js';
import { requireUser } from '../../../platform/identity/http.js';
import type { DashboardWidget } from '../../../platform/module.js';
import { registerMinutesInRecords } from '../records-link.js';
import '../messages-minutes.js';
import {
  approveMinutes,
  finaliseMinutes,
  getMinutes,
  getMinutesPdf,
  listMinutes,
  type MinutesSummary,
  type MinutesView,
  minutesWork,
  saveMinutesNotes,
} from '../minutes-service.js';
import { councilPolicy } from '../policy.js';
import { MinutesBody, MinutesDue } from './minutes-view.js';

type Problem = { message: string; details: string[] } | null;

function problemOf(e: unknown): Problem {
  if (e instanceof AppError && (e.code === 'validation' || e.code === 'conflict' || e.code === 'forbidden')) {
    return { message: e.message, details: e.fields.map((f) => `${f.field}: ${f.message}`) };
  }
  throw e;
}

function MinutesList(props: { env: PageEnv; list: MinutesSummary[] }) {
  const { env } = props;
  const { t } = env;
  return (
    <Layout env={env} title={t('councilMinutes:listTitle')}>
      {props.list.length === 0 ? (
        <p>{t('councilMinutes:listEmpty')}</p>
      ) : (
        <table class="gov-table">
          <thead>
            <tr>
              <th scope="col">{t('councilMinutes:meeting')}</th>
              <th scope="col">{t('councilMinutes:date')}</th>
              <th scope="col">{t('councilMinutes:due')}</th>
              <th scope="col">{t('councilMinutes:stateLabel')}</th>
            </tr>
          </thead>
          <tbody>
            {props.list.map((m) => (
              <tr>
                <th scope="row">
                  <a href={`/app/council/meetings/${m.meetingId}/minutes`}>
                    {m.bodyCode} {m.number}/{m.year}
                  </a>
                </th>
                <td>{formatDate(env.locale, m.date)}</td>
                <td>{formatDate(env.locale, m.due)}</td>
                <td>
                  {m.state === 'overdue' ? (
                    <strong class="overdue">{t(`councilMinutes:state.${m.state}`)}</strong>
                  ) : (
                    t(`councilMinutes:state.${m.state}`)
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

function MinutesPage(props: {
  env: PageEnv;
  m: MinutesView;
  items: { id: string; position: number; title: string }[];
  canWrite: boolean;
  isVerifier: boolean;
  problem: Problem;
}) {
  const { env, m } = props;
  const { t } = env;
  const base = `/app/council/meetings/${m.meetingId}/minutes`;
  const approvals = m.verifiers
    .filter((v) => v.current && v.approvedAt)
    .map((v) => ({ name: v.name, at: v.approvedAt! }));
  return (
    <Layout
      env={env}
      title={`${t('councilMinutes:title', { number: m.number, year: m.year })} – ${m.bodyName}`}
    >
      {props.problem && (
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
      )}
      <MinutesDue t={t} locale={env.locale} due={m.due} state={m.state} explanation={m.dueExplanation} />
      <p class="hint">{t('councilMinutes:dueHint')}</p>
      {m.final ? (
        <>
          <p class="gov-message gov-message--success">{t('councilMinutes:frozen')}</p>
          {m.recordsRef ? (
            <p>{t('councilMinutes:recordsRef', { ref: m.recordsRef })}</p>
          ) : (
            props.canWrite && (
              <form method="post" action={`${base}/records`}>
                <HiddenCsrf token={env.csrfToken} />
                <button type="submit" class="gov-button gov-button--secondary">
                  {t('councilMinutes:registerInRecords')}
                </button>
              </form>
            )
          )}
        </>
      ) : (
        <p class="gov-message gov-message--warning">{t('councilMinutes:draft')}</p>
      )}
      <p>
        <a href={`${base}.pdf`} type="application/pdf">
          {m.final ? t('councilMinutes:pdf') : t('councilMinutes:pdfDraft')}
        </a>
        {m.pdfSha256 && (
          <span class="hint">
            {' '}
            ({t('councilMinutes:sha')}: <code>{m.pdfSha256}</code>)
          </span>
        )}
      </p>

      <section aria-labelledby="min-verifiers">
        <h2 id="min-verifiers">{t('councilMinutes:verifiers')}</h2>
        {m.verifiers.length === 0 ? (
          <p>{t('councilMinutes:noVerifiers')}</p>
        ) : (
          <ul>
            {m.verifiers.map((v) => (
              <li>
                {v.name}:{' '}
                {v.approvedAt
                  ? t(v.current ? 'councilMinutes:approvedCurrent' : 'councilMinutes:approvedStale', {
                      at: formatDateTime(env.locale, v.approvedAt, m.timeZone),
                    })
                  : t('councilMinutes:notApproved')}
              </li>
            ))}
          </ul>
        )}
        {!m.final && props.isVerifier && (
          <form method="post" action={`${base}/approve`}>
            <HiddenCsrf token={env.csrfToken} />
            <button type="submit" class="gov-button gov-button--primary">
              {t('councilMinutes:approve')}
            </button>
          </form>
        )}
        {!m.final && props.canWrite && (
          <>
            {m.blockers.length > 0 && (
              <div class="gov-message gov-message--warning">
                <p>{t('councilMinutes:blockers')}</p>
                <ul>
                  {m.blockers.map((b) => (
                    <li>{b}</li>
                  ))}
                </ul>
              </div>
            )}
            <form method="post" action={`${base}/final`}>
              <HiddenCsrf token={env.csrfToken} />
              <button type="submit" class="gov-button gov-button--primary">
                {t('councilMinutes:finalise')}
              </button>
            </form>
          </>
        )}
      </section>

      {!m.final && props.canWrite && (
        <form method="post" action={base} aria-labelledby="min-notes">
          <h2 id="min-notes">{t('councilMinutes:notes')}</h2>
          <p class="hint">{t('councilMinutes:notesHint')}</p>
          <HiddenCsrf token={env.csrfToken} />
          <div class="gov-form-control">
            <label class="gov-form-label" for="min-opening">
              {t('councilMinutes:openingLabel')}
            </label>
            <textarea id="min-opening" name="opening" rows={3}>
              {m.doc.opening}
            </textarea>
          </div>
          {props.items.map((i) => (
            <div class="gov-form-control">
              <label class="gov-form-label" for={`min-note-${i.id}`}>
                {t('councilMinutes:noteLabel', { n: i.position, title: i.title })}
              </label>
              <textarea id={`min-note-${i.id}`} name={`note.${i.id}`} rows={4}>
                {m.notes[i.id] ?? ''}
              </textarea>
            </div>
          ))}
          <div class="gov-form-control">
            <label class="gov-form-label" for="min-closing">
              {t('councilMinutes:closingLabel')}
            </label>
            <textarea id="min-closing" name="closing" rows={3}>
              {m.doc.closing}
            </textarea>
          </div>
          <button type="submit" class="gov-button gov-button--secondary">
            {t('councilMinutes:save')}
          </button>
        </form>
      )}

      <section aria-labelledby="min-text">
        <h2 id="min-text">
          {t('councilMinutes:heading', {
            number: m.number,
            body: m.bodyName,
            date: formatDate(env.locale, m.date),
          })}
        </h2>
        <MinutesBody
          t={t}
          locale={env.locale}
          timeZone={m.timeZone}
          doc={m.doc}
          level={3}
          approvals={approvals}
          finalAt={m.finalAt}
        />
      </section>
      <p>
        <a href={`/app/council/meetings/${m.meetingId}`}>{t('councilMinutes:backToMeeting')}</a>
      </p>
    </Layout>
  );
}

function SummaryList(props: { t: T; locale: Locale; list: MinutesSummary[] }) {
  return (
    <ul>
      {props.list.map((m) => (
        <li>
          <a href={`/app/council/meetings/${m.meetingId}/minutes`}>
            {m.bodyCode} {m.number}/{m.year}
          </a>{' '}
          – {props.t('councilMinutes:due')} {formatDate(props.locale, m.due)}
        </li>
      ))}
    </ul>
  );
}

/** Dashboard boxes: minutes past their due day, and minutes waiting for this verifier. */
export async function councilDashboard(ctx: AppContext, actor: Actor, t: T): Promise<DashboardWidget[]> {
  if (
    actor.kind !== 'user' ||
    !actor.tenantId ||
    !councilPolicy.can(actor, 'council.read', { tenantId: actor.tenantId })
  )
    return [];
  const { overdue, toApprove } = await minutesWork(ctx, actor);
  const locale = (t('councilMinutes:localeTag') as Locale) ?? 'cs';
  const widgets: DashboardWidget[] = [];
  if (toApprove.length)
    widgets.push({
      title: t('councilMinutes:toApprove', { count: toApprove.length }),
      body: <SummaryList t={t} locale={locale} list={toApprove} />,
    });
  if (overdue.length)
    widgets.push({
      title: t('councilMinutes:overdue', { count: overdue.length }),
      body: <SummaryList t={t} locale={locale} list={overdue} />,
      href: '/app/council/minutes',
    });
  return widgets;
}

export function councilMinutesPages(app: FastifyInstance, ctx: AppContext): void {
  type P = { Params: { id: string } };

  app.get('/app/council/minutes', async (r, reply) => {
    requireUser(r);
    return sendPage(reply, <MinutesList env={pageEnv(r, ctx)} list={await listMinutes(ctx, r.actor)} />);
  });

  const page = async (r: FastifyRequest<P>, reply: FastifyReply, problem: Problem = null, status = 200) => {
    const m = await getMinutes(ctx, r.actor, r.params.id);
    return sendPage(
      reply,
      <MinutesPage
        env={pageEnv(r, ctx)}
        m={m}
        items={m.items}
        canWrite={councilPolicy.can(r.actor, 'meeting.run', { tenantId: r.actor.tenantId })}
        isVerifier={Boolean(r.actor.userId && m.verifiers.some((v) => v.userId === r.actor.userId))}
        problem={problem}
      />,
      status,
    );
  };
  app.get<P>('/app/council/meetings/:id/minutes', async (r, reply) => {
    requireUser(r);
    return page(r, reply);
  });

  app.get<P>('/app/council/meetings/:id/minutes.pdf', async (r, reply) => {
    requireUser(r);
    const pdf = await getMinutesPdf(ctx, r.actor, r.params.id);
    return reply
      .type('application/pdf')
      .header('content-disposition', contentDisposition(pdf.filename, 'inline'))
      .header('x-content-type-options', 'nosniff')
      .send(pdf.content);
  });

  const action = (path: string, run: (r: FastifyRequest<P>) => Promise<unknown>) =>
    app.post<P>(`/app/council/meetings/:id/minutes${path}`, async (r, reply) => {
      requireUser(r);
      try {
        await run(r);
        return reply.redirect(`/app/council/meetings/${r.params.id}/minutes`, 303);
      } catch (e) {
        const problem = problemOf(e);
        const status = e instanceof AppError ? e.status : 422;
        return page(r, reply, problem, status);
      }
    });

  action('', (r) => {
    const body = (r.body ?? {}) as Record<string, unknown>;
    const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : undefined);
    const notes: Record<string, string> = {};
    for (const [k, v] of Object.entries(body))
      if (k.startsWith('note.') && typeof v === 'string') notes[k.slice(5)] = v;
    const input: { opening?: string; closing?: string; notes: Record<string, string> } = { notes };
    const opening = text('opening');
    const closing = text('closing');
    if (opening !== undefined) input.opening = opening;
    if (closing !== undefined) input.closing = closing;
    return saveMinutesNotes(ctx, r.actor, r.params.id, input);
  });
  action('/approve', (r) => approveMinutes(ctx, r.actor, r.params.id));
  action('/final', (r) => finaliseMinutes(ctx, r.actor, r.params.id));
  action('/records', (r) => registerMinutesInRecords(ctx, r.actor, r.params.id));
}
