/** Staff FOI pages: the handler's lists, intake from e-mail/paper, the detail page with state actions. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatExplanation } from '../../../../platform/calendar/index.js';
import type { AppContext } from '../../../../platform/context.js';
import { AppError } from '../../../../platform/errors.js';
import { Layout, type PageEnv, pageEnv } from '../../../../platform/http/layout.js';
import { Field, HiddenCsrf, sendPage } from '../../../../platform/http/render.js';
import { formatDate, formatDateTime, type T } from '../../../../platform/i18n/index.js';
import {
  actionsFor,
  type FoiActionType,
  MAX_EXTENSION_DAYS,
  REMEDY_OUTCOMES,
  SET_ASIDE_REASONS,
} from '../domain/rules.js';
import { foiPolicy } from '../policy.js';
import {
  actOnRequest,
  createRequest,
  type FoiActionInput,
  type FoiRequestDetail,
  getRequest,
  LIST_FILTERS,
  type ListFilter,
  listRequests,
  type StaffRequestInput,
} from '../service.js';
import {
  type Body,
  describedBy,
  ErrorSummary,
  type Errors,
  fieldErrors,
  formBody,
  Multiline,
  Notice,
  ruleMessage,
  str,
} from './parts.js';

const hidden = { hide: true };
type IdReq = FastifyRequest<{ Params: { id: string } }>;

function zoneOf(request: FastifyRequest): string {
  return request.tenant?.time_zone ?? 'Europe/Prague';
}

function StateBadge({ t, state }: { t: T; state: string }) {
  return <span class={`foi-state foi-state--${state}`}>{t(`foi:states.${state}`)}</span>;
}

async function renderList(ctx: AppContext, request: FastifyRequest, reply: FastifyReply) {
  const q = request.query as Record<string, unknown>;
  const filter: ListFilter = (LIST_FILTERS as readonly string[]).includes(String(q.filter))
    ? (q.filter as ListFilter)
    : 'open';
  const items = await listRequests(ctx, request.actor, { filter });
  const env = pageEnv(request, ctx);
  const { t } = env;
  const zone = zoneOf(request);
  return sendPage(
    reply,
    <Layout env={env} title={t('foi:list.title')}>
      <p>
        <a class="gov-button gov-button--secondary" href="/app/foi/new">
          {t('foi:list.new')}
        </a>{' '}
        <a href="/app/foi/report">{t('foi:nav.report')}</a>
      </p>
      <nav aria-label={t('foi:fields.state')}>
        <ul class="gov-list--plain foi-filters">
          {LIST_FILTERS.map((f) => (
            <li>
              <a href={`/app/foi?filter=${f}`} aria-current={f === filter ? 'page' : undefined}>
                {t(`foi:filters.${f}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {items.length === 0 ? (
        <p>{t('foi:list.empty')}</p>
      ) : (
        <table class="data">
          <caption class="visually-hidden">{t(`foi:filters.${filter}`)}</caption>
          <thead>
            <tr>
              <th scope="col">{t('foi:fields.number')}</th>
              <th scope="col">{t('foi:fields.applicantName')}</th>
              <th scope="col">{t('foi:fields.receivedOn')}</th>
              <th scope="col">{t('foi:fields.state')}</th>
              <th scope="col">{t('foi:fields.nextDue')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr>
                <td>
                  <a href={`/app/foi/${r.id}`}>{r.number}</a>
                </td>
                <td>{r.applicantName}</td>
                <td>{formatDate(env.locale, r.receivedOn, zone)}</td>
                <td>
                  <StateBadge t={t} state={r.state} />
                </td>
                <td>
                  {r.nextDueOn ? (
                    <>
                      {t(`foi:deadlines.${r.nextDueKind}`)}: {formatDate(env.locale, r.nextDueOn, zone)}
                      {r.overdue && <strong> ({t('foi:list.overdue')})</strong>}
                      {!r.overdue && r.dueSoon && <em> ({t('foi:list.dueSoon')})</em>}
                    </>
                  ) : (
                    '–'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>,
  );
}

interface NewState {
  input: Partial<StaffRequestInput>;
  errors?: Errors;
}

function renderNew(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, s: NewState, status = 200) {
  const env = pageEnv(request, ctx);
  const { t } = env;
  const errors = s.errors ?? {};
  const labels: Record<string, string> = {
    channel: t('foi:fields.channel'),
    receivedOn: t('foi:fields.receivedOn'),
    applicantName: t('foi:fields.applicantName'),
    applicantContact: t('foi:fields.applicantContact'),
    requestText: t('foi:fields.requestText'),
    documentRef: t('foi:fields.documentRef'),
  };
  const text = (id: 'applicantName' | 'applicantContact') => (
    <Field id={id} label={labels[id]!} error={errors[id]}>
      <input
        id={id}
        name={id}
        type="text"
        required
        value={s.input[id] ?? ''}
        aria-invalid={errors[id] ? 'true' : undefined}
        aria-describedby={describedBy(id, { error: errors[id] })}
      />
    </Field>
  );
  return sendPage(
    reply,
    <Layout env={env} title={t('foi:new.title')}>
      <ErrorSummary title={t('foi:err.summary')} errors={errors} labels={labels} />
      <form method="post" action="/app/foi/new" novalidate>
        <HiddenCsrf token={env.csrfToken} />
        <Field id="channel" label={labels.channel!} error={errors.channel}>
          <select
            id="channel"
            name="channel"
            aria-describedby={describedBy('channel', { error: errors.channel })}
          >
            {(['email', 'paper', 'databox'] as const).map((c) => (
              <option value={c} selected={s.input.channel === c}>
                {t(`foi:channels.${c}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="receivedOn" label={labels.receivedOn!} error={errors.receivedOn}>
          <input
            id="receivedOn"
            name="receivedOn"
            type="date"
            value={s.input.receivedOn ?? ''}
            aria-invalid={errors.receivedOn ? 'true' : undefined}
            aria-describedby={describedBy('receivedOn', { error: errors.receivedOn })}
          />
        </Field>
        <Field
          id="documentRef"
          label={labels.documentRef!}
          hint={t('foi:fields.documentRefHint')}
          error={errors.documentRef}
        >
          <input
            id="documentRef"
            name="documentRef"
            type="text"
            maxLength={50}
            value={s.input.documentRef ?? ''}
            aria-invalid={errors.documentRef ? 'true' : undefined}
            aria-describedby={describedBy('documentRef', { hint: true, error: errors.documentRef })}
          />
        </Field>
        {text('applicantName')}
        {text('applicantContact')}
        <Field id="requestText" label={labels.requestText!} error={errors.requestText}>
          <textarea
            id="requestText"
            name="requestText"
            rows={6}
            required
            aria-invalid={errors.requestText ? 'true' : undefined}
            aria-describedby={describedBy('requestText', { error: errors.requestText })}
          >
            {s.input.requestText ?? ''}
          </textarea>
        </Field>
        <button type="submit" class="gov-button gov-button--primary">
          {t('foi:new.submit')}
        </button>
      </form>
    </Layout>,
    status,
  );
}

/** The inputs each action's form asks for (besides the day of the act). */
const ACTION_FIELDS: Record<FoiActionType, string[]> = {
  'ask-clarification': ['text'],
  'clarification-received': ['text'],
  'set-aside': ['reason', 'text'],
  extend: ['days', 'reason'],
  provide: ['answer'],
  'partially-refuse': ['answer', 'decision'],
  refuse: ['decision'],
  'request-fee': ['amount', 'text'],
  'record-payment': [],
  appeal: ['text'],
  complaint: ['text'],
  'decide-remedy': ['outcome', 'text'],
  publish: ['title', 'text'],
};

function ActionForm(props: {
  env: PageEnv;
  r: FoiRequestDetail;
  action: FoiActionType;
  values: Body;
  errors: Errors;
  open: boolean;
}) {
  const { env, r, action, values, errors } = props;
  const { t } = env;
  const id = (f: string) => `${action}-${f}`;
  const v = (f: string) => str(values, f);
  const textValue = (f: string) =>
    v(f) ||
    (action === 'publish' && f === 'title' ? (r.publishedTitle ?? '') : '') ||
    (action === 'publish' && f === 'text' ? (r.publishedText ?? r.answerText ?? '') : '');
  const label = (f: string) =>
    action === 'publish' && f === 'text' ? t('foi:fields.publishedText') : t(`foi:fields.${f}`);
  const input = (f: string) => {
    const err = errors[f];
    const common = {
      id: id(f),
      name: f,
      'aria-invalid': err ? ('true' as const) : undefined,
      'aria-describedby': err ? `${id(f)}-error` : undefined,
    };
    if (f === 'reason' && action === 'set-aside') {
      return (
        <select {...common}>
          {SET_ASIDE_REASONS.map((x) => (
            <option value={x} selected={v(f) === x}>
              {t(`foi:reasons.${x}`)}
            </option>
          ))}
        </select>
      );
    }
    if (f === 'outcome') {
      return (
        <select {...common}>
          {REMEDY_OUTCOMES.map((x) => (
            <option value={x} selected={v(f) === x}>
              {t(`foi:outcomes.${x}`)}
            </option>
          ))}
        </select>
      );
    }
    if (f === 'days')
      return <input {...common} type="number" min={1} max={MAX_EXTENSION_DAYS} value={v(f)} />;
    if (f === 'amount') return <input {...common} type="number" min={1} step="0.01" value={v(f)} />;
    if (f === 'title' || f === 'reason') return <input {...common} type="text" value={textValue(f)} />;
    return (
      <textarea {...common} rows={5}>
        {textValue(f)}
      </textarea>
    );
  };
  return (
    <details class="foi-action" open={props.open}>
      <summary>{t(`foi:actions.${action}`)}</summary>
      <form method="post" action={`/app/foi/${r.id}/action`} novalidate>
        <HiddenCsrf token={env.csrfToken} />
        <input type="hidden" name="action" value={action} />
        <Field id={id('on')} label={t('foi:fields.on')} error={errors.on}>
          <input
            id={id('on')}
            name="on"
            type="date"
            value={v('on')}
            aria-invalid={errors.on ? 'true' : undefined}
            aria-describedby={errors.on ? `${id('on')}-error` : undefined}
          />
        </Field>
        {ACTION_FIELDS[action].map((f) => (
          <Field id={id(f)} label={label(f)} error={errors[f]}>
            {input(f)}
          </Field>
        ))}
        <button type="submit" class="gov-button gov-button--primary">
          {t(`foi:actions.${action}`)}
        </button>
      </form>
    </details>
  );
}

interface DetailState {
  notice?: string;
  error?: string;
  failed?: { action: FoiActionType; values: Body; errors: Errors };
}

/** Who sees every registered document (records' own rule, canSeeDocument). */
function seesWholeRegistry(roles: readonly string[]): boolean {
  return roles.includes('registry_clerk') || roles.includes('records_manager');
}

async function renderDetail(
  ctx: AppContext,
  request: IdReq,
  reply: FastifyReply,
  s: DetailState = {},
  status = 200,
) {
  const r = await getRequest(ctx, request.actor, request.params.id);
  const env = pageEnv(request, ctx);
  const { t, locale } = env;
  const zone = zoneOf(request);
  const d = (x: string | null) => (x ? formatDate(locale, x, zone) : '–');
  return sendPage(
    reply,
    <Layout env={env} title={`${t('foi:fields.number')} ${r.number}`}>
      {s.notice && <Notice>{s.notice}</Notice>}
      {s.error && (
        <Notice kind="error">
          <p>{s.error}</p>
        </Notice>
      )}
      <dl class="facts">
        <dt>{t('foi:fields.state')}</dt>
        <dd>
          <StateBadge t={t} state={r.state} />
        </dd>
        <dt>{t('foi:fields.channel')}</dt>
        <dd>{t(`foi:channels.${r.channel}`)}</dd>
        <dt>{t('foi:fields.receivedOn')}</dt>
        <dd>{d(r.receivedOn)}</dd>
        <dt>{t('foi:fields.applicantName')}</dt>
        <dd>{r.applicantName}</dd>
        <dt>{t('foi:fields.applicantContact')}</dt>
        <dd>{r.applicantContact}</dd>
        <dt>{t('foi:fields.document')}</dt>
        <dd>
          {!r.documentRef ? (
            t('foi:fields.noDocument')
          ) : seesWholeRegistry(env.user?.roles ?? []) ? (
            <a href={`/app/records/documents/${r.documentId}`}>{r.documentRef}</a>
          ) : (
            // A handler sees the document once the registry assigns it to them; no dead link before.
            r.documentRef
          )}
        </dd>
      </dl>
      <h2>{t('foi:fields.requestText')}</h2>
      <Multiline text={r.requestText} />
      {r.clarificationRequest && (
        <>
          <h2>{t('foi:actions.ask-clarification')}</h2>
          <p class="hint">{d(r.clarificationAskedOn)}</p>
          <Multiline text={r.clarificationRequest} />
          {r.clarificationText && (
            <>
              <h3>{t('foi:actions.clarification-received')}</h3>
              <p class="hint">{d(r.clarificationReceivedOn)}</p>
              <Multiline text={r.clarificationText} />
            </>
          )}
        </>
      )}
      {r.extensionDays !== null && (
        <p>
          {t('foi:actions.extend')}: +{r.extensionDays} – {r.extensionReason}
        </p>
      )}
      {r.answerText && (
        <>
          <h2>{t('foi:fields.answer')}</h2>
          <p class="hint">{d(r.outcomeOn)}</p>
          <Multiline text={r.answerText} />
        </>
      )}
      {r.decisionText && (
        <>
          <h2>{t('foi:fields.decision')}</h2>
          <Multiline text={r.decisionText} />
        </>
      )}
      {r.setAsideReason && (
        <>
          <h2>{t('foi:actions.set-aside')}</h2>
          <p>{t(`foi:reasons.${r.setAsideReason}`)}</p>
          {r.setAsideText && <Multiline text={r.setAsideText} />}
        </>
      )}
      {r.feeAmount !== null && (
        <p>
          {t('foi:fields.amount')}: {r.feeAmount} ({d(r.feeRequestedOn)})
          {r.feePaidOn && ` – ${t('foi:actions.record-payment')}: ${d(r.feePaidOn)}`}
        </p>
      )}
      {r.publishedOn && (
        <p>
          {t('foi:provided.publishedOn')}: {d(r.publishedOn)}
        </p>
      )}
      <h2>{t('foi:fields.deadlines')}</h2>
      {r.deadlines.length === 0 ? (
        <p>–</p>
      ) : (
        <table class="data">
          <caption class="visually-hidden">{t('foi:fields.deadlines')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('foi:fields.deadlines')}</th>
              <th scope="col">{t('foi:fields.party')}</th>
              <th scope="col">{t('foi:fields.due')}</th>
              <th scope="col">{t('foi:fields.explanation')}</th>
            </tr>
          </thead>
          <tbody>
            {r.deadlines.map((x) => (
              <tr data-deadline={x.kind}>
                <td>{t(`foi:deadlines.${x.kind}`)}</td>
                <td>{t(`foi:deadlines.${x.party}`)}</td>
                <td>{d(x.deadline.due)}</td>
                <td>{formatExplanation(x.deadline.explanation, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {r.remedies.length > 0 && (
        <>
          <h2>{t('foi:fields.remedies')}</h2>
          <ul>
            {r.remedies.map((m) => (
              <li>
                {t(`foi:actions.${m.kind}`)} {d(m.receivedOn)} (
                {m.inTime ? t('foi:fields.inTime') : t('foi:fields.late')}) : {m.text}
                {m.outcome &&
                  ` → ${t(`foi:outcomes.${m.outcome}`)} ${d(m.decidedOn)}: ${m.decisionText ?? ''}`}
              </li>
            ))}
          </ul>
        </>
      )}
      {actionsFor(r.state).length > 0 && <h2>{t('foi:fields.state')}</h2>}
      {actionsFor(r.state).map((a) => (
        <ActionForm
          env={env}
          r={r}
          action={a}
          values={s.failed?.action === a ? s.failed.values : {}}
          errors={s.failed?.action === a ? s.failed.errors : {}}
          open={s.failed?.action === a}
        />
      ))}
      <h2>{t('foi:fields.history')}</h2>
      <ol>
        {r.history.map((h) => (
          <li>
            {formatDateTime(locale, h.at, zone)} – {h.actor}:{' '}
            {t(`foi:actions.${h.action}`, { defaultValue: h.action })}
          </li>
        ))}
      </ol>
    </Layout>,
    status,
  );
}

function actionInput(b: Body): FoiActionInput {
  const num = (k: string) => {
    const s = str(b, k, 40).trim().replace(',', '.');
    return s === '' ? undefined : Number(s);
  };
  const opt = (k: string) => {
    const s = str(b, k);
    return s === '' ? undefined : s;
  };
  return {
    action: str(b, 'action', 40) as FoiActionType,
    on: opt('on'),
    text: opt('text'),
    reason: opt('reason'),
    days: num('days'),
    answer: opt('answer'),
    decision: opt('decision'),
    amount: num('amount'),
    outcome: opt('outcome'),
    title: opt('title'),
  };
}

export function foiStaffPages(app: FastifyInstance, ctx: AppContext): void {
  app.get('/app/foi', { schema: hidden }, (request, reply) => renderList(ctx, request, reply));

  app.get('/app/foi/new', { schema: hidden }, (request, reply) => {
    // Only handlers see the form; others get the readable 403 page.
    foiPolicy.require(request.actor, 'foi.handle', { tenantId: request.actor.tenantId });
    return renderNew(ctx, request, reply, { input: { channel: 'email' } });
  });

  app.post('/app/foi/new', { schema: hidden }, async (request, reply) => {
    const b = formBody(request);
    const input: StaffRequestInput = {
      channel: str(b, 'channel', 20) as StaffRequestInput['channel'],
      receivedOn: str(b, 'receivedOn', 20) || undefined,
      applicantName: str(b, 'applicantName', 300),
      applicantContact: str(b, 'applicantContact', 600),
      requestText: str(b, 'requestText', 21_000),
      documentRef: str(b, 'documentRef', 60) || undefined,
    };
    try {
      const r = await createRequest(ctx, request.actor, input);
      return reply.redirect(`/app/foi/${r.id}?done=create`, 303);
    } catch (e) {
      const errors = fieldErrors(e);
      if (!errors) {
        if (e instanceof AppError && e.extra.rule) {
          return renderNew(
            ctx,
            request,
            reply,
            { input, errors: { receivedOn: ruleMessage(request.t, e) } },
            422,
          );
        }
        throw e;
      }
      if (e instanceof AppError && e.extra.rule) {
        for (const k of Object.keys(errors)) errors[k] = ruleMessage(request.t, e);
      }
      return renderNew(ctx, request, reply, { input, errors }, 422);
    }
  });

  app.get('/app/foi/:id', { schema: hidden }, (request: IdReq, reply) => {
    const q = request.query as Record<string, unknown>;
    const done = typeof q.done === 'string' ? q.done : undefined;
    const notice = done
      ? request.t('foi:actions.done', { action: request.t(`foi:actions.${done}`, { defaultValue: done }) }) +
        (q.late === '1' ? ` ${request.t('foi:actions.late')}` : '')
      : undefined;
    return renderDetail(ctx, request, reply, notice ? { notice } : {});
  });

  app.post('/app/foi/:id/action', { schema: hidden }, async (request: IdReq, reply) => {
    const b = formBody(request);
    const input = actionInput(b);
    try {
      const r = await actOnRequest(ctx, request.actor, request.params.id, input);
      return reply.redirect(
        `/app/foi/${r.id}?done=${encodeURIComponent(input.action)}${r.late ? '&late=1' : ''}`,
        303,
      );
    } catch (e) {
      if (!(e instanceof AppError) || !['validation', 'conflict'].includes(e.code)) throw e;
      const message = ruleMessage(request.t, e);
      const errors = fieldErrors(e) ?? {};
      if (e.extra.rule) for (const k of Object.keys(errors)) errors[k] = message;
      return renderDetail(
        ctx,
        request,
        reply,
        { error: message, failed: { action: input.action, values: b, errors } },
        e.status,
      );
    }
  });
}
