/**
 * Staff pages of the council module: bodies, materials and meetings under /app/council. The
 * secretary manages; members read. Forms post back to the same page; a refused action shows
 * the reason at the top of the page it came from (422/409) and changes nothing.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { receiveUpload } from '../../../platform/blobs/index.js';
import type { AppContext } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { Layout, type PageEnv, pageEnv } from '../../../platform/http/layout.js';
import { HiddenCsrf, sendPage } from '../../../platform/http/render.js';
import { formatDate } from '../../../platform/i18n/index.js';
import { csrfAction, requireUser } from '../../../platform/identity/http.js';
import { type Clause, isLinkingVerb, OUTCOMES, VERBS } from '../domain/material.js';
import { CHOICES } from '../domain/voting.js';
import '../messages-minutes.js';
import { type AnnouncementView, getAnnouncement } from '../announce-service.js';
import { getMinutes, type MinutesView } from '../minutes-service.js';
import { councilPolicy } from '../policy.js';
import {
  addAgendaItem,
  addAttachment,
  addMember,
  BODY_KINDS,
  type BodyView,
  createBody,
  createMaterial,
  createMeeting,
  decideItem,
  getBody,
  getMaterial,
  getMeeting,
  listBodies,
  listMaterials,
  listMeetings,
  type MaterialView,
  MEMBER_ROLES,
  type MeetingView,
  markReady,
  recordAttendance,
  recordOpinion,
  recordVote,
  requestOpinion,
  SECTIONS,
  updateMaterial,
} from '../service.js';
import { MinutesDue } from './minutes-view.js';
import { ProceedingsBox } from './proceedings.js';

type Values = Record<string, string | string[]>;
type Problem = { message: string; details: string[] } | null;

function values(body: unknown): Values {
  const out: Values = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (k === '_csrf') continue;
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}
const one = (v: Values, k: string): string => {
  const x = v[k];
  return Array.isArray(x) ? (x.at(-1) ?? '') : (x ?? '');
};
const many = (v: Values, k: string): string[] => {
  const x = v[k];
  return Array.isArray(x) ? x : x ? [x] : [];
};
const int = (s: string) => (/^-?\d+$/.test(s.trim()) ? Number(s) : Number.NaN);

/** A refused use case becomes a message on the page; anything else is the app's error page. */
function problemOf(e: unknown): Problem {
  if (e instanceof AppError && (e.code === 'validation' || e.code === 'conflict')) {
    return { message: e.message, details: e.fields.map((f) => `${f.field}: ${f.message}`) };
  }
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

function Input(props: {
  id: string;
  name: string;
  label: string;
  value?: string;
  type?: string;
  required?: boolean;
  hint?: string;
}) {
  return (
    <div class="gov-form-control">
      <label class="gov-form-label" for={props.id}>
        {props.label}
      </label>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      <input
        id={props.id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        required={props.required}
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
      />
    </div>
  );
}

function Area(props: { id: string; name: string; label: string; value?: string }) {
  return (
    <div class="gov-form-control">
      <label class="gov-form-label" for={props.id}>
        {props.label}
      </label>
      <textarea id={props.id} name={props.name} rows={4}>
        {props.value ?? ''}
      </textarea>
    </div>
  );
}

function Select(props: {
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

function Submit(props: { label: string; secondary?: boolean }) {
  return (
    <button
      type="submit"
      class={`gov-button ${props.secondary ? 'gov-button--secondary' : 'gov-button--primary'}`}
    >
      {props.label}
    </button>
  );
}

// --- bodies -------------------------------------------------------------------------------------------

function BodiesPage(props: {
  env: PageEnv;
  bodies: BodyView[];
  canManage: boolean;
  problem: Problem;
  form: Values;
}) {
  const { env, bodies } = props;
  const { t } = env;
  return (
    <Layout env={env} title={t('council:bodies.title')}>
      <ProblemBox problem={props.problem} />
      {bodies.length === 0 ? (
        <p>{t('council:bodies.empty')}</p>
      ) : (
        <table class="data">
          <caption class="visually-hidden">{t('council:bodies.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('council:field.code')}</th>
              <th scope="col">{t('council:field.name')}</th>
              <th scope="col">{t('council:field.kind')}</th>
              <th scope="col">{t('council:field.seats')}</th>
              <th scope="col">{t('council:field.termLabel')}</th>
            </tr>
          </thead>
          <tbody>
            {bodies.map((b) => (
              <tr>
                <td>{b.code}</td>
                <th scope="row">
                  <a href={`/app/council/bodies/${b.id}`}>{b.name}</a>
                </th>
                <td>{t(`council:kind.${b.kind}`)}</td>
                <td>{b.seats}</td>
                <td>{b.termLabel}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.canManage && (
        <form method="post" action="/app/council/bodies" aria-labelledby="new-body">
          <h2 id="new-body">{t('council:bodies.new')}</h2>
          <HiddenCsrf token={env.csrfToken} />
          <Input
            id="f-code"
            name="code"
            label={t('council:field.code')}
            value={one(props.form, 'code')}
            required
          />
          <Input
            id="f-name"
            name="name"
            label={t('council:field.name')}
            value={one(props.form, 'name')}
            required
          />
          <Select
            id="f-kind"
            name="kind"
            label={t('council:field.kind')}
            value={one(props.form, 'kind')}
            options={BODY_KINDS.map((k) => [k, t(`council:kind.${k}`)])}
          />
          <Input
            id="f-seats"
            name="seats"
            type="number"
            label={t('council:field.seats')}
            value={one(props.form, 'seats')}
            required
          />
          <Input
            id="f-term"
            name="termLabel"
            label={t('council:field.termLabel')}
            value={one(props.form, 'termLabel')}
            required
          />
          <Input
            id="f-template"
            name="resolutionTemplate"
            label={t('council:field.resolutionTemplate')}
            hint={t('council:field.resolutionTemplateHint')}
            value={one(props.form, 'resolutionTemplate')}
          />
          <Submit label={t('council:bodies.create')} />
        </form>
      )}
    </Layout>
  );
}

function BodyPage(props: { env: PageEnv; body: BodyView; canManage: boolean; problem: Problem }) {
  const { env, body } = props;
  const { t } = env;
  return (
    <Layout env={env} title={`${body.code} – ${body.name}`}>
      <ProblemBox problem={props.problem} />
      <p>
        {t(`council:kind.${body.kind}`)} · {t('council:field.seats')}: {body.seats} ·{' '}
        {t('council:field.termLabel')}: {body.termLabel}
      </p>
      <p>{t('council:bodies.majority', { n: body.majority })}</p>
      <p>
        {t('council:field.resolutionTemplate')}: <code>{body.resolutionTemplate}</code>
      </p>
      <h2>{t('council:bodies.members')}</h2>
      {body.members.length === 0 ? (
        <p>{t('council:bodies.noMembers')}</p>
      ) : (
        <ul>
          {body.members.map((m) => (
            <li>
              {m.name} – {t(`council:role.${m.role}`)}
              {m.substitute && ` (${t('council:field.substitute')})`}
              {!m.active && ` (${t('council:bodies.inactive')})`}
            </li>
          ))}
        </ul>
      )}
      {props.canManage && (
        <form method="post" action={`/app/council/bodies/${body.id}/members`} aria-labelledby="add-member">
          <h2 id="add-member">{t('council:bodies.addMember')}</h2>
          <HiddenCsrf token={env.csrfToken} />
          <Input id="f-member-name" name="name" label={t('council:field.memberName')} required />
          <Select
            id="f-role"
            name="role"
            label={t('council:field.role')}
            value="member"
            options={MEMBER_ROLES.map((r) => [r, t(`council:role.${r}`)])}
          />
          {(body.kind === 'committee' || body.kind === 'commission') && (
            <div class="gov-form-control checkbox-control">
              <input id="f-substitute" name="substitute" type="checkbox" value="on" />{' '}
              <label class="gov-form-label" for="f-substitute">
                {t('council:field.substitute')}
              </label>
            </div>
          )}
          <Submit label={t('council:bodies.addMember')} />
        </form>
      )}
      <p>
        <a href="/app/council/bodies">{t('back')}</a>
      </p>
    </Layout>
  );
}

// --- materials ----------------------------------------------------------------------------------------

const CLAUSE_ROWS = 4;

function clausesFrom(v: Values): Clause[] {
  const out: Clause[] = [];
  for (let i = 0; i < CLAUSE_ROWS; i++) {
    const text = one(v, `clause.${i}.text`).trim();
    if (!text) continue;
    const verb = one(v, `clause.${i}.verb`) as Clause['verb'];
    out.push(
      verb === 'uklada'
        ? {
            verb,
            text,
            responsible: one(v, `clause.${i}.responsible`),
            due: one(v, `clause.${i}.due`) || null,
          }
        : isLinkingVerb(verb)
          ? { verb, text, ref: one(v, `clause.${i}.ref`).trim() || null }
          : { verb, text },
    );
  }
  return out;
}

function materialValues(m: MaterialView): Values {
  const v: Values = {
    title: m.title,
    author: m.author,
    submitter: m.submitter,
    problem: m.problem,
    proposal: m.proposal,
    bodyId: m.bodyId,
  };
  m.clauses.forEach((c, i) => {
    v[`clause.${i}.verb`] = c.verb;
    v[`clause.${i}.text`] = c.text;
    v[`clause.${i}.responsible`] = c.responsible ?? '';
    v[`clause.${i}.due`] = c.due ?? '';
    v[`clause.${i}.ref`] = c.ref ?? '';
  });
  return v;
}

function MaterialFields(props: { env: PageEnv; form: Values; bodies?: BodyView[] }) {
  const { t } = props.env;
  const f = props.form;
  return (
    <>
      {props.bodies && (
        <Select
          id="f-body"
          name="bodyId"
          label={t('council:field.body')}
          value={one(f, 'bodyId')}
          options={props.bodies.map((b) => [b.id, `${b.code} – ${b.name}`])}
        />
      )}
      <Input id="f-title" name="title" label={t('council:field.title')} value={one(f, 'title')} required />
      <Input
        id="f-author"
        name="author"
        label={t('council:field.author')}
        value={one(f, 'author')}
        required
      />
      <Input
        id="f-submitter"
        name="submitter"
        label={t('council:field.submitter')}
        value={one(f, 'submitter')}
        required
      />
      <Area id="f-problem" name="problem" label={t('council:field.problem')} value={one(f, 'problem')} />
      <Area id="f-proposal" name="proposal" label={t('council:field.proposal')} value={one(f, 'proposal')} />
      <fieldset>
        <legend>{t('council:field.clauses')}</legend>
        <p class="hint">{t('council:materials.clauseHint')}</p>
        {Array.from({ length: CLAUSE_ROWS }, (_, i) => (
          <fieldset>
            <legend>{`${t('council:meetings.item')} ${i + 1}`}</legend>
            <Select
              id={`f-clause-${i}-verb`}
              name={`clause.${i}.verb`}
              label={t('council:field.verb')}
              value={one(f, `clause.${i}.verb`)}
              options={VERBS.map((v) => [v, t(`council:verb.${v}`)])}
            />
            <Input
              id={`f-clause-${i}-text`}
              name={`clause.${i}.text`}
              label={t('council:field.text')}
              value={one(f, `clause.${i}.text`)}
            />
            <Input
              id={`f-clause-${i}-responsible`}
              name={`clause.${i}.responsible`}
              label={t('council:field.responsible')}
              value={one(f, `clause.${i}.responsible`)}
            />
            <Input
              id={`f-clause-${i}-due`}
              name={`clause.${i}.due`}
              type="date"
              label={t('council:field.due')}
              value={one(f, `clause.${i}.due`)}
            />
            <Input
              id={`f-clause-${i}-ref`}
              name={`clause.${i}.ref`}
              label={t('council-proceedings:clauseRef')}
              value={one(f, `clause.${i}.ref`)}
            />
          </fieldset>
        ))}
      </fieldset>
    </>
  );
}

function MaterialsPage(props: {
  env: PageEnv;
  list: Awaited<ReturnType<typeof listMaterials>>;
  bodies: BodyView[];
  canManage: boolean;
  problem: Problem;
  form: Values;
}) {
  const { env } = props;
  const { t } = env;
  return (
    <Layout env={env} title={t('council:materials.title')}>
      <ProblemBox problem={props.problem} />
      {props.list.length === 0 ? (
        <p>{t('council:materials.empty')}</p>
      ) : (
        <table class="data">
          <caption class="visually-hidden">{t('council:materials.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('council:field.title')}</th>
              <th scope="col">{t('council:field.body')}</th>
              <th scope="col">{t('council:field.reference')}</th>
              <th scope="col">{t('council:field.state')}</th>
            </tr>
          </thead>
          <tbody>
            {props.list.map((m) => (
              <tr>
                <th scope="row">
                  <a href={`/app/council/materials/${m.id}`}>{m.title}</a>
                </th>
                <td>{m.bodyCode}</td>
                <td>{m.reference ?? '—'}</td>
                <td>
                  {t(`council:state.${m.state}`)}
                  {m.outcome && ` – ${t(`council:outcome.${m.outcome}`)}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {props.canManage && props.bodies.length > 0 && (
        <form method="post" action="/app/council/materials" aria-labelledby="new-material">
          <h2 id="new-material">{t('council:materials.new')}</h2>
          <HiddenCsrf token={env.csrfToken} />
          <MaterialFields env={env} form={props.form} bodies={props.bodies} />
          <Submit label={t('council:materials.create')} />
        </form>
      )}
    </Layout>
  );
}

function MaterialPage(props: {
  env: PageEnv;
  m: MaterialView;
  canManage: boolean;
  problem: Problem;
  form?: Values;
}) {
  const { env, m } = props;
  const { t } = env;
  const base = `/app/council/materials/${m.id}`;
  const editable = props.canManage && !m.frozen && ['draft', 'opinions_requested', 'ready'].includes(m.state);
  return (
    <Layout env={env} title={m.title}>
      <ProblemBox problem={props.problem} />
      <dl class="facts">
        <dt>{t('council:field.body')}</dt>
        <dd>{m.bodyCode}</dd>
        <dt>{t('council:field.reference')}</dt>
        <dd>{m.reference ?? '—'}</dd>
        <dt>{t('council:field.state')}</dt>
        <dd>
          {t(`council:state.${m.state}`)}
          {m.outcome && ` – ${t(`council:outcome.${m.outcome}`)}`}
        </dd>
        <dt>{t('council:field.author')}</dt>
        <dd>{m.author}</dd>
        <dt>{t('council:field.submitter')}</dt>
        <dd>{m.submitter}</dd>
        <dt>{t('council:field.attachments')}</dt>
        <dd>{t('council:materials.attachmentCount', { n: m.attachmentCount })}</dd>
      </dl>
      {m.frozen && <p class="gov-message">{t('council:materials.frozen')}</p>}
      <h2>{t('council:field.problem')}</h2>
      <p>{m.problem}</p>
      <h2>{t('council:field.proposal')}</h2>
      <p>{m.proposal}</p>
      <h2>{t('council:field.clauses')}</h2>
      <ol>
        {m.clauses.map((c) => (
          <li>
            <strong>{t(`council:verb.${c.verb}`)}</strong> {c.text}
            {c.verb === 'uklada' &&
              ` (${t('council:field.responsible')}: ${c.responsible}; ${t('council:field.due')}: ${c.due})`}
            {c.ref && ` (${t('council-proceedings:clauseRef')}: ${c.ref})`}
          </li>
        ))}
      </ol>
      <h2>{t('council:materials.opinions')}</h2>
      <ul>
        {m.opinions.map((o) => (
          <li>
            {o.from}: {o.text ?? t('council:materials.pending')}
            {props.canManage && o.text === null && m.state !== 'decided' && (
              <form method="post" action={`${base}/opinions/${o.id}`}>
                <HiddenCsrf token={env.csrfToken} />
                <Area
                  id={`f-opinion-${o.id}`}
                  name="text"
                  label={`${t('council:field.opinion')} – ${o.from}`}
                />
                <Submit label={t('council:materials.recordOpinion')} secondary />
              </form>
            )}
          </li>
        ))}
      </ul>
      {props.canManage && (m.state === 'draft' || m.state === 'opinions_requested') && (
        <form method="post" action={`${base}/opinions`}>
          <HiddenCsrf token={env.csrfToken} />
          <Input id="f-from" name="from" label={t('council:field.from')} required />
          <Submit label={t('council:materials.requestOpinion')} secondary />
        </form>
      )}
      <h2>{t('council:field.attachments')}</h2>
      <ul>
        {m.attachments.map((a) => (
          <li>{a.filename}</li>
        ))}
      </ul>
      {props.canManage && m.state !== 'decided' && (
        <form
          method="post"
          action={csrfAction(`${base}/attachments`, env.csrfToken)}
          enctype="multipart/form-data"
        >
          <div class="gov-form-control">
            <label class="gov-form-label" for="f-file">
              {t('council:field.file')}
            </label>
            <input id="f-file" name="file" type="file" required />
          </div>
          <Submit label={t('council:materials.upload')} secondary />
        </form>
      )}
      {props.canManage && (m.state === 'draft' || m.state === 'opinions_requested') && (
        <form method="post" action={`${base}/ready`}>
          <HiddenCsrf token={env.csrfToken} />
          <Submit label={t('council:materials.markReady')} />
        </form>
      )}
      {editable && (
        <form method="post" action={base} aria-labelledby="edit-material">
          <h2 id="edit-material">{t('council:materials.edit')}</h2>
          <HiddenCsrf token={env.csrfToken} />
          <MaterialFields env={env} form={props.form ?? materialValues(m)} />
          <Submit label={t('council:materials.save')} />
        </form>
      )}
      <h2>{t('council:materials.versions')}</h2>
      <ul>
        {m.versions.map((v) => (
          <li>
            {t('council:materials.version', { n: v.version })} – {v.title}
            {v.frozen && ' 🔒'}
          </li>
        ))}
      </ul>
      <p>
        <a href="/app/council/materials">{t('back')}</a>
      </p>
    </Layout>
  );
}

// --- meetings -----------------------------------------------------------------------------------------

function MeetingsPage(props: {
  env: PageEnv;
  list: Awaited<ReturnType<typeof listMeetings>>;
  bodies: BodyView[];
  canManage: boolean;
  problem: Problem;
}) {
  const { env } = props;
  const { t } = env;
  return (
    <Layout env={env} title={t('council:meetings.title')}>
      <ProblemBox problem={props.problem} />
      {props.list.length === 0 ? (
        <p>{t('council:meetings.empty')}</p>
      ) : (
        <ul>
          {props.list.map((m) => (
            <li>
              <a href={`/app/council/meetings/${m.id}`}>
                {m.bodyCode} {m.number}/{m.year}
              </a>{' '}
              – {formatDate(env.locale, m.date)}, {m.place}
            </li>
          ))}
        </ul>
      )}
      {props.canManage && props.bodies.length > 0 && (
        <form method="post" action="/app/council/meetings" aria-labelledby="new-meeting">
          <h2 id="new-meeting">{t('council:meetings.new')}</h2>
          <HiddenCsrf token={env.csrfToken} />
          <Select
            id="f-body"
            name="bodyId"
            label={t('council:field.body')}
            options={props.bodies.map((b) => [b.id, `${b.code} – ${b.name}`])}
          />
          <Input id="f-date" name="date" type="date" label={t('council:field.date')} required />
          <Input id="f-place" name="place" label={t('council:field.place')} required />
          <Input id="f-session" name="session" type="number" label={t('council:field.session')} />
          <Submit label={t('council:meetings.create')} />
        </form>
      )}
    </Layout>
  );
}

function MeetingPage(props: {
  env: PageEnv;
  m: MeetingView;
  ready: { id: string; title: string }[];
  canManage: boolean;
  problem: Problem;
  minutes: MinutesView;
  announcement: AnnouncementView;
}) {
  const { env, m } = props;
  const { t } = env;
  const base = `/app/council/meetings/${m.id}`;
  const names = new Map(m.body.members.map((x) => [x.id, x.name]));
  const voters = m.body.members.filter((x) => x.active && !x.substitute && x.role !== 'secretary');
  return (
    <Layout
      env={env}
      title={t('council:meetings.heading', { number: m.number, body: m.body.code, year: m.year })}
    >
      <ProblemBox problem={props.problem} />
      <p>
        {formatDate(env.locale, m.date)}, {m.place} · {t('council:bodies.majority', { n: m.body.majority })}
      </p>
      <section aria-labelledby="meeting-minutes">
        <h2 id="meeting-minutes">{t('councilMinutes:nav')}</h2>
        <MinutesDue
          t={t}
          locale={env.locale}
          due={props.minutes.due}
          state={props.minutes.state}
          explanation={props.minutes.dueExplanation}
        />
        {props.minutes.final && <p>{t('councilMinutes:frozen')}</p>}
        <p>
          <a href={`${base}/minutes`}>{t('councilMinutes:open')}</a>
        </p>
      </section>
      <ProceedingsBox env={env} meetingId={m.id} a={props.announcement} />
      <h2>{t('council:meetings.agenda')}</h2>
      <ol>
        {m.items.map((i) => (
          <li>
            <h3>
              {i.position}. {i.title} {i.reference && `(${i.reference})`}
            </h3>
            {i.materialId && (
              <p>
                <a href={`/app/council/items/${i.id}/motions`}>{t('council-proceedings:motions')}</a>
              </p>
            )}
            <p>
              {t(`council:section.${i.section}`)} ·{' '}
              {t('council:meetings.present', { n: i.presentIds.length, seats: m.body.seats })}
              {!i.quorum && ` · ${t('council:meetings.noQuorum')}`}
            </p>
            {i.vote && (
              <p>
                {t('council:meetings.vote')}: {t('council:meetings.result', { ...i.vote.tally })} –{' '}
                <strong>
                  {i.vote.adopted ? t('council:meetings.adopted') : t('council:meetings.notAdopted')}
                </strong>
              </p>
            )}
            {i.outcome && (
              <p>
                {t('council:field.outcome')}: <strong>{t(`council:outcome.${i.outcome}`)}</strong>
                {i.resolution && ` – ${t('council:meetings.resolution', { number: i.resolution.number })}`}
              </p>
            )}
            {props.canManage && !i.vote && !i.outcome && (
              <form
                method="post"
                action={`${base}/items/${i.id}/vote`}
                aria-label={`${t('council:meetings.vote')} ${i.position}`}
              >
                <HiddenCsrf token={env.csrfToken} />
                <input type="hidden" name="kind" value="aggregate" />
                <fieldset>
                  <legend>
                    {t('council:meetings.vote')} – {t('council:meetings.aggregate')}
                  </legend>
                  {(['for', 'against', 'abstain', 'notVoting'] as const).map((k) => (
                    <Input
                      id={`f-${i.id}-${k}`}
                      name={k}
                      type="number"
                      label={t(`council:meetings.${k}`)}
                      value="0"
                    />
                  ))}
                </fieldset>
                <Submit label={t('council:meetings.recordVote')} secondary />
              </form>
            )}
            {props.canManage && !i.vote && !i.outcome && i.presentIds.length > 0 && (
              <form
                method="post"
                action={`${base}/items/${i.id}/vote`}
                aria-label={`${t('council:meetings.vote')} ${i.position}`}
              >
                <HiddenCsrf token={env.csrfToken} />
                <input type="hidden" name="kind" value="named" />
                <fieldset>
                  <legend>{t('council:meetings.vote')}</legend>
                  {i.presentIds.map((id) => (
                    <Select
                      id={`f-${i.id}-b-${id}`}
                      name={`ballot.${id}`}
                      label={names.get(id) ?? id}
                      value="for"
                      options={CHOICES.map((c) => [
                        c,
                        t(`council:meetings.${c === 'not_voting' ? 'notVoting' : c}`),
                      ])}
                    />
                  ))}
                </fieldset>
                <Submit label={t('council:meetings.recordVote')} secondary />
              </form>
            )}
            {props.canManage && !i.outcome && (
              <form method="post" action={`${base}/items/${i.id}/decision`}>
                <HiddenCsrf token={env.csrfToken} />
                <Select
                  id={`f-${i.id}-outcome`}
                  name="outcome"
                  label={`${t('council:field.outcome')} – ${t('council:meetings.item')} ${i.position}`}
                  options={OUTCOMES.filter((o) => o !== 'adopted_amended').map((o) => [
                    o,
                    t(`council:outcome.${o}`),
                  ])}
                />
                <Submit label={t('council:meetings.decide')} />
              </form>
            )}
          </li>
        ))}
      </ol>
      {props.canManage && (
        <form method="post" action={`${base}/items`} aria-labelledby="add-item">
          <h2 id="add-item">{t('council:meetings.addItem')}</h2>
          <HiddenCsrf token={env.csrfToken} />
          {props.ready.length === 0 ? (
            <p>{t('council:meetings.noReady')}</p>
          ) : (
            <Select
              id="f-material"
              name="materialId"
              label={t('council:field.material')}
              options={[['', '—'], ...props.ready.map((r): [string, string] => [r.id, r.title])]}
            />
          )}
          <Input id="f-item-title" name="title" label={t('council:field.itemTitle')} />
          <Select
            id="f-section"
            name="section"
            label={t('council:field.section')}
            value="main"
            options={SECTIONS.map((s) => [s, t(`council:section.${s}`)])}
          />
          <Submit label={t('council:meetings.addItem')} secondary />
        </form>
      )}
      <h2>{t('council:meetings.attendance')}</h2>
      <ul>
        {m.attendance.map((a) => (
          <li>
            {a.name}: {t(`council:meetings.${a.kind}`)} ({t('council:field.fromItem')} {a.fromItem})
          </li>
        ))}
      </ul>
      {props.canManage && (
        <form method="post" action={`${base}/attendance`}>
          <HiddenCsrf token={env.csrfToken} />
          <fieldset>
            <legend>{t('council:meetings.attendance')}</legend>
            {voters.map((x) => (
              <div class="checkbox-control">
                <input id={`f-att-${x.id}`} type="checkbox" name="memberIds" value={x.id} />{' '}
                <label for={`f-att-${x.id}`}>{x.name}</label>
              </div>
            ))}
          </fieldset>
          <Select
            id="f-att-kind"
            name="kind"
            label={t('council:field.state')}
            options={[
              ['arrive', t('council:meetings.arrive')],
              ['leave', t('council:meetings.leave')],
            ]}
          />
          <Input
            id="f-att-from"
            name="fromItem"
            type="number"
            label={t('council:field.fromItem')}
            value="1"
          />
          <Submit label={t('council:meetings.recordAttendance')} secondary />
        </form>
      )}
      <p>
        <a href="/app/council/meetings">{t('back')}</a>
      </p>
    </Layout>
  );
}

// --- routes -------------------------------------------------------------------------------------------

export function councilPages(app: FastifyInstance, ctx: AppContext): void {
  const env = (r: FastifyRequest) => pageEnv(r, ctx);
  const can = (r: FastifyRequest, a: 'body.manage' | 'material.manage' | 'meeting.run') =>
    councilPolicy.can(r.actor, a, { tenantId: r.actor.tenantId });
  const send = (reply: FastifyReply, page: VNode, status = 200) => sendPage(reply, page, status);
  type P = { Params: { id: string } };

  const bodiesPage = async (
    r: FastifyRequest,
    reply: FastifyReply,
    problem: Problem = null,
    form: Values = {},
  ) =>
    send(
      reply,
      <BodiesPage
        env={env(r)}
        bodies={await listBodies(ctx, r.actor)}
        canManage={can(r, 'body.manage')}
        problem={problem}
        form={form}
      />,
      problem ? 422 : 200,
    );
  app.get('/app/council/bodies', async (r, reply) => {
    requireUser(r);
    return bodiesPage(r, reply);
  });
  app.post('/app/council/bodies', async (r, reply) => {
    requireUser(r);
    const v = values(r.body);
    try {
      const b = await createBody(ctx, r.actor, {
        code: one(v, 'code').trim(),
        name: one(v, 'name'),
        kind: one(v, 'kind'),
        seats: int(one(v, 'seats')),
        termLabel: one(v, 'termLabel'),
        resolutionTemplate: one(v, 'resolutionTemplate').trim() || null,
      });
      return reply.redirect(`/app/council/bodies/${b.id}`, 303);
    } catch (e) {
      return bodiesPage(r, reply, problemOf(e), v);
    }
  });
  const bodyPage = async (r: FastifyRequest<P>, reply: FastifyReply, problem: Problem = null) =>
    send(
      reply,
      <BodyPage
        env={env(r)}
        body={await getBody(ctx, r.actor, r.params.id)}
        canManage={can(r, 'body.manage')}
        problem={problem}
      />,
      problem ? 422 : 200,
    );
  app.get<P>('/app/council/bodies/:id', async (r, reply) => {
    requireUser(r);
    return bodyPage(r, reply);
  });
  app.post<P>('/app/council/bodies/:id/members', async (r, reply) => {
    requireUser(r);
    const v = values(r.body);
    try {
      await addMember(ctx, r.actor, r.params.id, {
        name: one(v, 'name'),
        role: one(v, 'role'),
        substitute: one(v, 'substitute') === 'on',
      });
      return reply.redirect(`/app/council/bodies/${r.params.id}`, 303);
    } catch (e) {
      return bodyPage(r, reply, problemOf(e));
    }
  });

  const materialsPage = async (
    r: FastifyRequest,
    reply: FastifyReply,
    problem: Problem = null,
    form: Values = {},
  ) => {
    const [list, bodies] = await Promise.all([listMaterials(ctx, r.actor), listBodies(ctx, r.actor)]);
    return send(
      reply,
      <MaterialsPage
        env={env(r)}
        list={list}
        bodies={bodies}
        canManage={can(r, 'material.manage')}
        problem={problem}
        form={form}
      />,
      problem ? 422 : 200,
    );
  };
  app.get('/app/council/materials', async (r, reply) => {
    requireUser(r);
    return materialsPage(r, reply);
  });
  app.post('/app/council/materials', async (r, reply) => {
    requireUser(r);
    const v = values(r.body);
    try {
      const m = await createMaterial(ctx, r.actor, {
        bodyId: one(v, 'bodyId'),
        title: one(v, 'title'),
        author: one(v, 'author'),
        submitter: one(v, 'submitter'),
        problem: one(v, 'problem'),
        proposal: one(v, 'proposal'),
        clauses: clausesFrom(v),
      });
      return reply.redirect(`/app/council/materials/${m.id}`, 303);
    } catch (e) {
      return materialsPage(r, reply, problemOf(e), v);
    }
  });
  const materialPage = async (
    r: FastifyRequest<P>,
    reply: FastifyReply,
    problem: Problem = null,
    form?: Values,
  ) =>
    send(
      reply,
      <MaterialPage
        env={env(r)}
        m={await getMaterial(ctx, r.actor, r.params.id)}
        canManage={can(r, 'material.manage')}
        problem={problem}
        {...(form ? { form } : {})}
      />,
      problem ? 422 : 200,
    );
  app.get<P>('/app/council/materials/:id', async (r, reply) => {
    requireUser(r);
    return materialPage(r, reply);
  });
  const materialAction = (
    path: string,
    run: (r: FastifyRequest<P & { Params: { opinionId?: string } }>, v: Values) => Promise<unknown>,
    keepForm = false,
  ) =>
    app.post<P & { Params: { opinionId?: string } }>(
      `/app/council/materials/:id${path}`,
      async (r, reply) => {
        requireUser(r);
        const v = r.isMultipart() ? {} : values(r.body);
        try {
          await run(r, v);
          return reply.redirect(`/app/council/materials/${r.params.id}`, 303);
        } catch (e) {
          return materialPage(r, reply, problemOf(e), keepForm ? v : undefined);
        }
      },
    );
  materialAction(
    '',
    (r, v) =>
      updateMaterial(ctx, r.actor, r.params.id, {
        title: one(v, 'title'),
        author: one(v, 'author'),
        submitter: one(v, 'submitter'),
        problem: one(v, 'problem'),
        proposal: one(v, 'proposal'),
        clauses: clausesFrom(v),
      }),
    true,
  );
  materialAction('/opinions', (r, v) => requestOpinion(ctx, r.actor, r.params.id, one(v, 'from')));
  materialAction('/opinions/:opinionId', (r, v) =>
    recordOpinion(ctx, r.actor, r.params.id, r.params.opinionId ?? '', one(v, 'text')),
  );
  materialAction('/ready', (r) => markReady(ctx, r.actor, r.params.id));
  materialAction('/attachments', async (r) => {
    const upload = await receiveUpload(r, ctx, { field: 'file' });
    return addAttachment(ctx, r.actor, r.params.id, { filename: upload.filename, blob: upload });
  });

  const meetingsPage = async (r: FastifyRequest, reply: FastifyReply, problem: Problem = null) => {
    const [list, bodies] = await Promise.all([listMeetings(ctx, r.actor), listBodies(ctx, r.actor)]);
    return send(
      reply,
      <MeetingsPage
        env={env(r)}
        list={list}
        bodies={bodies}
        canManage={can(r, 'meeting.run')}
        problem={problem}
      />,
      problem ? 422 : 200,
    );
  };
  app.get('/app/council/meetings', async (r, reply) => {
    requireUser(r);
    return meetingsPage(r, reply);
  });
  app.post('/app/council/meetings', async (r, reply) => {
    requireUser(r);
    const v = values(r.body);
    try {
      const m = await createMeeting(ctx, r.actor, {
        bodyId: one(v, 'bodyId'),
        date: one(v, 'date'),
        place: one(v, 'place'),
        session: one(v, 'session') ? int(one(v, 'session')) : null,
      });
      return reply.redirect(`/app/council/meetings/${m.id}`, 303);
    } catch (e) {
      return meetingsPage(r, reply, problemOf(e));
    }
  });
  const meetingPage = async (r: FastifyRequest<P>, reply: FastifyReply, problem: Problem = null) => {
    const m = await getMeeting(ctx, r.actor, r.params.id);
    const ready = (await listMaterials(ctx, r.actor, { state: 'ready', bodyId: m.bodyId })).map((x) => ({
      id: x.id,
      title: x.title,
    }));
    const minutes = await getMinutes(ctx, r.actor, r.params.id);
    const announcement = await getAnnouncement(ctx, r.actor, r.params.id);
    return send(
      reply,
      <MeetingPage
        env={env(r)}
        m={m}
        ready={ready}
        canManage={can(r, 'meeting.run') && !minutes.final}
        problem={problem}
        minutes={minutes}
        announcement={announcement}
      />,
      problem ? 422 : 200,
    );
  };
  app.get<P>('/app/council/meetings/:id', async (r, reply) => {
    requireUser(r);
    return meetingPage(r, reply);
  });
  type PI = { Params: { id: string; itemId?: string } };
  const meetingAction = (path: string, run: (r: FastifyRequest<PI>, v: Values) => Promise<unknown>) =>
    app.post<PI>(`/app/council/meetings/:id${path}`, async (r, reply) => {
      requireUser(r);
      const v = values(r.body);
      try {
        await run(r, v);
        return reply.redirect(`/app/council/meetings/${r.params.id}`, 303);
      } catch (e) {
        return meetingPage(r, reply, problemOf(e));
      }
    });
  meetingAction('/items', (r, v) =>
    addAgendaItem(ctx, r.actor, r.params.id, {
      materialId: one(v, 'materialId') || null,
      title: one(v, 'title') || null,
      section: one(v, 'section') || 'main',
    }),
  );
  meetingAction('/attendance', (r, v) =>
    recordAttendance(ctx, r.actor, r.params.id, {
      memberIds: many(v, 'memberIds'),
      kind: one(v, 'kind') as 'arrive' | 'leave',
      fromItem: int(one(v, 'fromItem')),
    }),
  );
  meetingAction('/items/:itemId/vote', (r, v) => {
    const itemId = r.params.itemId ?? '';
    if (one(v, 'kind') === 'named') {
      const ballots = Object.keys(v)
        .filter((k) => k.startsWith('ballot.'))
        .map((k) => ({ memberId: k.slice(7), choice: one(v, k) as (typeof CHOICES)[number] }));
      return recordVote(ctx, r.actor, itemId, { kind: 'named', ballots });
    }
    return recordVote(ctx, r.actor, itemId, {
      kind: 'aggregate',
      for: int(one(v, 'for')),
      against: int(one(v, 'against')),
      abstain: int(one(v, 'abstain')),
      notVoting: int(one(v, 'notVoting')),
    });
  });
  meetingAction('/items/:itemId/decision', (r, v) =>
    decideItem(ctx, r.actor, r.params.itemId ?? '', { outcome: one(v, 'outcome') }),
  );
}
