/**
 * Forwarding on the document page (předání: form, the last forwarding, return to who forwarded an
 * own document) and the stand-ins page (/app/records/delegations: list, record, end).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../../platform/context.js';
import { withTenant } from '../../../platform/db/tenant.js';
import { Layout, type PageEnv, pageEnv } from '../../../platform/http/layout.js';
import { HiddenCsrf, sendPage } from '../../../platform/http/render.js';
import { formatDateTime } from '../../../platform/i18n/index.js';
import { listStaff } from '../../../platform/identity/index.js';
import {
  createDelegation,
  type DelegationView,
  endDelegation,
  listDelegations,
} from '../delegation-service.js';
import { type ForwardingInfo, forwardDocument, forwardingInfo } from '../forward-service.js';
import '../handling-messages.js';
import { tenantOf } from '../http-common.js';
import type { DocumentView } from '../intake-service.js';
import { recordsPolicy } from '../policy.js';
import { renderDocument } from './intake.js';
import {
  ErrorSummary,
  type Errors,
  errorsOf,
  formValues,
  Notice,
  Select,
  TextArea,
  TextInput,
  type Values,
} from './ui.js';

export interface ForwardOptions {
  info: ForwardingInfo;
  handlers: [string, string][];
  units: [string, string][];
}

async function staffChoices(ctx: AppContext, request: FastifyRequest) {
  const tenantId = tenantOf(request);
  const units = await withTenant(ctx.db, tenantId, request.actor, async ({ trx }) =>
    (
      await trx
        .selectFrom('org_unit')
        .select(['id', 'name'])
        .where('active', '=', true)
        .orderBy('name')
        .execute()
    ).map((u): [string, string] => [u.id, u.name]),
  );
  const unitName = new Map(units);
  const handlers = (await listStaff(ctx, request.actor, tenantId, { role: 'handler' })).map(
    (u): [string, string] => [
      u.id,
      `${u.displayName}${u.orgUnitId ? ` (${unitName.get(u.orgUnitId) ?? ''})` : ''}`,
    ],
  );
  return { units, handlers };
}

export async function forwardOptions(
  ctx: AppContext,
  request: FastifyRequest,
  doc: DocumentView,
): Promise<ForwardOptions> {
  const info = await forwardingInfo(ctx, request.actor, tenantOf(request), doc.id);
  if (!info.canForward) return { info, handlers: [], units: [] };
  const { units, handlers } = await staffChoices(ctx, request);
  return { info, units, handlers: handlers.filter(([id]) => id !== doc.handler?.id) };
}

/** Added to the document page under the handling forms. */
export function ForwardPanel(props: {
  env: PageEnv;
  doc: DocumentView;
  options: ForwardOptions;
  /** The actor is the handler or their stand-in. */
  isHandler: boolean;
  /** The document is an own one (its page is elsewhere; return goes back to who forwarded it). */
  own: boolean;
}) {
  const { env, doc, options } = props;
  const { t } = env;
  const none = {};
  const last = options.info.last;
  return (
    <>
      {options.info.standInFor && (
        <p>
          <strong>{t('records-handling:forward.standIn', { name: options.info.standInFor })}</strong>
        </p>
      )}
      {last && (
        <p>
          {t('records-handling:forward.last', {
            when: formatDateTime(env.locale, last.at),
            by: last.by ?? '—',
            to: [last.toHandler, last.toOrgUnit].filter(Boolean).join(', '),
          })}
          {last.note ? (
            <>
              {' '}
              <strong>{t('records-handling:forward.lastNote')}:</strong> {last.note}
            </>
          ) : null}
        </p>
      )}
      {props.own && props.isHandler && doc.status === 'assigned' && last && (
        <section aria-labelledby="h-return-forwarder">
          <h2 id="h-return-forwarder">{t('records-handling:forward.returnTitle')}</h2>
          <form method="post" action={`/app/records/documents/${doc.id}/return`}>
            <HiddenCsrf token={env.csrfToken} />
            <TextArea
              name="reason"
              label={t('records:handling.reason')}
              required
              values={none}
              errors={none}
            />
            <button class="gov-button gov-button--secondary" type="submit">
              {t('records-handling:forward.returnSubmit')}
            </button>
          </form>
        </section>
      )}
      {options.info.canForward && (
        <section aria-labelledby="h-forward">
          <h2 id="h-forward">{t('records-handling:forward.title')}</h2>
          <p class="hint">{t('records-handling:forward.hint')}</p>
          <form method="post" action={`/app/records/documents/${doc.id}/forward`}>
            <HiddenCsrf token={env.csrfToken} />
            <Select
              name="forwardHandlerId"
              label={t('records-handling:forward.handler')}
              values={none}
              errors={none}
              options={[['', t('records-handling:forward.anyHandler')], ...options.handlers]}
            />
            <Select
              name="forwardOrgUnitId"
              label={t('records-handling:forward.orgUnit')}
              values={none}
              errors={none}
              options={[['', t('records-handling:forward.sameUnit')], ...options.units]}
            />
            <TextArea
              name="forwardNote"
              label={t('records-handling:forward.note')}
              values={none}
              errors={none}
            />
            <button class="gov-button gov-button--primary" type="submit">
              {t('records-handling:forward.submit')}
            </button>
          </form>
        </section>
      )}
    </>
  );
}

function DelegationsPage(props: {
  env: PageEnv;
  items: DelegationView[];
  isHead: boolean;
  isHandler: boolean;
  me: string | null;
  handlers: [string, string][];
  unitHandlers: [string, string][];
  values: Values;
  errors: Errors;
  message?: string;
  notice: string | null;
}) {
  const { env, items } = props;
  const { t } = env;
  const k = (key: string) => t(`records-handling:delegations.${key}`);
  const delegators: [string, string][] = [
    ...(props.isHandler && props.me ? [[props.me, `${k('me')}`] as [string, string]] : []),
    ...(props.isHead ? props.unitHandlers.filter(([id]) => id !== props.me) : []),
  ];
  return (
    <Layout env={env} title={k('title')}>
      <Notice text={props.notice} />
      <ErrorSummary
        t={t}
        errors={props.errors}
        {...(props.message ? { message: props.message } : {})}
        labels={{
          delegatorId: k('delegator'),
          delegateId: k('delegate'),
          from: k('from'),
          to: k('to'),
          note: k('note'),
        }}
      />
      <p>{k('intro')}</p>
      {items.length === 0 ? (
        <p>{k('none')}</p>
      ) : (
        <table class="gov-table">
          <caption class="sr-only">{k('title')}</caption>
          <thead>
            <tr>
              <th scope="col">{k('delegator')}</th>
              <th scope="col">{k('delegate')}</th>
              <th scope="col">{k('from')}</th>
              <th scope="col">{k('to')}</th>
              <th scope="col">{k('note')}</th>
              <th scope="col">{k('state')}</th>
              <th scope="col">
                <span class="sr-only">{k('end')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr>
                <td>{d.delegator.name}</td>
                <td>{d.delegate.name}</td>
                <td>{d.from}</td>
                <td>{d.to}</td>
                <td>{d.note ?? ''}</td>
                <td>{k(d.state)}</td>
                <td>
                  {d.canEnd && (
                    <form method="post" action={`/app/records/delegations/${d.id}/end`}>
                      <HiddenCsrf token={env.csrfToken} />
                      <button
                        class="gov-button gov-button--secondary"
                        type="submit"
                        aria-label={`${k('end')}: ${d.delegator.name} → ${d.delegate.name}`}
                      >
                        {k('end')}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {delegators.length > 0 && (
        <section aria-labelledby="h-delegation-add">
          <h2 id="h-delegation-add">{k('add')}</h2>
          <form method="post" action="/app/records/delegations">
            <HiddenCsrf token={env.csrfToken} />
            <Select
              name="delegatorId"
              label={k('delegator')}
              required
              values={props.values}
              errors={props.errors}
              options={delegators}
            />
            <Select
              name="delegateId"
              label={k('delegate')}
              required
              values={props.values}
              errors={props.errors}
              options={[['', ''], ...props.handlers]}
            />
            <TextInput
              name="from"
              type="date"
              label={k('from')}
              required
              values={props.values}
              errors={props.errors}
            />
            <TextInput
              name="to"
              type="date"
              label={k('to')}
              required
              values={props.values}
              errors={props.errors}
            />
            <TextArea name="note" label={k('note')} values={props.values} errors={props.errors} />
            <button class="gov-button gov-button--primary" type="submit">
              {k('submit')}
            </button>
          </form>
        </section>
      )}
    </Layout>
  );
}

async function renderDelegations(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  extra: { values?: Values; errors?: Errors; message?: string } = {},
  status = 200,
) {
  const env = pageEnv(request, ctx);
  const tenantId = tenantOf(request);
  const actor = request.actor;
  const items = await listDelegations(ctx, actor, tenantId);
  const { handlers } = await staffChoices(ctx, request);
  const isHead = actor.roles.includes('head');
  let unitHandlers: [string, string][] = [];
  if (isHead) {
    const staff = await listStaff(ctx, actor, tenantId, { role: 'handler' });
    const me = staff.find((s) => s.id === actor.userId);
    const myUnit =
      me?.orgUnitId ??
      (await withTenant(
        ctx.db,
        tenantId,
        actor,
        async ({ trx }) =>
          (
            await trx
              .selectFrom('app_user')
              .select('org_unit_id')
              .where('id', '=', actor.userId!)
              .executeTakeFirst()
          )?.org_unit_id ?? null,
      ));
    unitHandlers = staff
      .filter((s) => myUnit !== null && s.orgUnitId === myUnit)
      .map((s): [string, string] => [s.id, s.displayName]);
  }
  const q = request.query as Record<string, string | undefined>;
  const notice = q.done
    ? env.t(`records-handling:delegations.done.${q.done}`, { defaultValue: '' }) || null
    : null;
  return sendPage(
    reply,
    <DelegationsPage
      env={env}
      items={items}
      isHead={isHead}
      isHandler={actor.roles.includes('handler')}
      me={actor.userId}
      handlers={handlers.filter(([id]) => id !== actor.userId)}
      unitHandlers={unitHandlers}
      values={extra.values ?? {}}
      errors={extra.errors ?? {}}
      {...(extra.message ? { message: extra.message } : {})}
      notice={status === 200 ? notice : null}
    />,
    status,
  );
}

export function registerForwardPages(app: FastifyInstance, ctx: AppContext): void {
  app.post('/app/records/documents/:id/forward', { schema: { hide: true } }, async (request, reply) => {
    const id = (request.params as { id: string }).id;
    const v = formValues(request.body);
    try {
      await forwardDocument(ctx, request.actor, tenantOf(request), id, {
        handlerId: v.forwardHandlerId || null,
        orgUnitId: v.forwardOrgUnitId || null,
        note: v.forwardNote || null,
      });
    } catch (e) {
      const { errors, message } = errorsOf(e, request.locale);
      // The form's fields carry a prefix (the page has the assignment form's handler too).
      const named: Errors = {};
      for (const [f, m] of Object.entries(errors)) named[`forward${f[0]!.toUpperCase()}${f.slice(1)}`] = m;
      return renderDocument(ctx, request, reply, id, { errors: named, message }, 422);
    }
    // The actor may no longer see it (a handler forwarding to another unit): back to the search.
    const still = await forwardingInfo(ctx, request.actor, tenantOf(request), id).then(
      () => true,
      () => false,
    );
    return reply.redirect(
      still ? `/app/records/documents/${id}?done=forwarded` : '/app/records/journal?done=forwarded',
      303,
    );
  });

  app.get('/app/records/delegations', { schema: { hide: true } }, (request, reply) =>
    renderDelegations(ctx, request, reply),
  );
  app.post('/app/records/delegations', { schema: { hide: true } }, async (request, reply) => {
    const v = formValues(request.body);
    try {
      await createDelegation(ctx, request.actor, tenantOf(request), {
        delegatorId: v.delegatorId || null,
        delegateId: v.delegateId ?? '',
        from: v.from ?? '',
        to: v.to ?? '',
        note: v.note || null,
      });
    } catch (e) {
      const { errors, message } = errorsOf(e, request.locale);
      return renderDelegations(ctx, request, reply, { values: v, errors, message }, 422);
    }
    return reply.redirect('/app/records/delegations?done=created', 303);
  });
  app.post('/app/records/delegations/:id/end', { schema: { hide: true } }, async (request, reply) => {
    const id = (request.params as { id: string }).id;
    try {
      await endDelegation(ctx, request.actor, tenantOf(request), id);
    } catch (e) {
      const { errors, message } = errorsOf(e, request.locale);
      return renderDelegations(ctx, request, reply, { errors, message }, 422);
    }
    return reply.redirect('/app/records/delegations?done=ended', 303);
  });
}

/** The nav entry for people who record stand-ins. */
export function canManageDelegations(actor: FastifyRequest['actor'], tenantId: string): boolean {
  return recordsPolicy.can(actor, 'delegation.manage', { tenantId });
}
