/** Handling on the document page: assign (registry, head), accept / return (the handler); the dashboard widgets. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Explanation, formatExplanation } from '../../../platform/calendar/index.js';
import type { AppContext } from '../../../platform/context.js';
import type { Actor } from '../../../platform/db/tenant.js';
import { withTenant } from '../../../platform/db/tenant.js';
import type { PageEnv } from '../../../platform/http/layout.js';
import { HiddenCsrf } from '../../../platform/http/render.js';
import type { T } from '../../../platform/i18n/index.js';
import type { DashboardWidget } from '../../../platform/identity/index.js';
import { listStaff } from '../../../platform/identity/index.js';
import { nextStatus } from '../domain/handling.js';
import {
  acceptDocument,
  assignDocument,
  myWork,
  returnDocument,
  type WorkItem,
} from '../handling-service.js';
import { tenantOf } from '../http-common.js';
import type { DocumentView } from '../intake-service.js';
import { recordsPolicy } from '../policy.js';
import { type DocumentFileOptions, DocumentFilePanel, documentFileOptions, myFilesWidget } from './files.js';
import { type ForwardOptions, ForwardPanel, forwardOptions } from './forward.js';
import { renderDocument } from './intake.js';
import { type OwnLinkOptions, OwnLinks, ownLinkOptions } from './own.js';
import { errorsOf, formValues, Select, TextArea, TextInput } from './ui.js';

export interface HandlingOptions {
  canAssign: boolean;
  isHandler: boolean;
  units: [string, string][];
  handlers: [string, string][];
  /** Settlement and file (spis) of the document: shown, and the forms the actor may use. */
  files: DocumentFileOptions;
  /** Own documents: a link to the own document's page, or to draft a reply to this one. */
  own: OwnLinkOptions;
  /** Forwarding (předání) and the stand-in notice. */
  forward: ForwardOptions;
}

export async function handlingOptions(
  ctx: AppContext,
  request: FastifyRequest,
  doc: DocumentView,
): Promise<HandlingOptions> {
  const tenantId = tenantOf(request);
  const actor = request.actor;
  const canAssign =
    recordsPolicy.can(actor, 'document.assign', { tenantId }) && nextStatus(doc.status, 'assign') !== null;
  let units: [string, string][] = [];
  let handlers: [string, string][] = [];
  if (canAssign) {
    units = await withTenant(ctx.db, tenantId, actor, async ({ trx }) =>
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
    handlers = (await listStaff(ctx, actor, tenantId, { role: 'handler' })).map((u): [string, string] => [
      u.id,
      `${u.displayName}${u.orgUnitId ? ` (${unitName.get(u.orgUnitId) ?? ''})` : ''}`,
    ]);
  }
  const forward = await forwardOptions(ctx, request, doc);
  return {
    canAssign,
    // The handler, or a colleague standing in for them today.
    isHandler: doc.handler?.id === actor.userId || forward.info.standInFor !== null,
    forward,
    units,
    handlers,
    files: await documentFileOptions(ctx, request, doc),
    own: await ownLinkOptions(ctx, request, doc),
  };
}

export function DocumentActions(props: { env: PageEnv; doc: DocumentView; options: HandlingOptions }) {
  const { env, doc, options } = props;
  const { t } = env;
  const none = {};
  return (
    <>
      {doc.dueDate && (
        <p>
          <strong>{t('records:doc.due')}:</strong> {doc.dueDate}.{' '}
          {doc.dueExplanation ? formatExplanation(doc.dueExplanation as Explanation, env.locale) : ''}
        </p>
      )}
      {doc.returnReason && doc.status === 'returned' && (
        <p>
          <strong>{t('records:handling.returnedBecause')}:</strong> {doc.returnReason}
        </p>
      )}
      {options.canAssign && (
        <section aria-labelledby="h-assign">
          <h2 id="h-assign">{t('records:handling.assign')}</h2>
          <form method="post" action={`/app/records/documents/${doc.id}/assign`}>
            <HiddenCsrf token={env.csrfToken} />
            <Select
              name="orgUnitId"
              label={t('records:doc.orgUnit')}
              required
              values={doc.orgUnit ? { orgUnitId: doc.orgUnit.id } : none}
              errors={none}
              options={options.units}
            />
            <Select
              name="handlerId"
              label={t('records:doc.handler')}
              values={doc.handler ? { handlerId: doc.handler.id } : none}
              errors={none}
              options={[['', t('records:handling.noHandler')], ...options.handlers]}
            />
            <TextInput
              name="deadlineDays"
              type="number"
              label={t('records:handling.deadlineDays')}
              hint={t('records:handling.deadlineHint')}
              values={none}
              errors={none}
            />
            <button class="gov-button gov-button--primary" type="submit">
              {t('records:handling.assign')}
            </button>
          </form>
        </section>
      )}
      {options.isHandler && nextStatus(doc.status, 'accept') && (
        <form method="post" action={`/app/records/documents/${doc.id}/accept`}>
          <HiddenCsrf token={env.csrfToken} />
          <button class="gov-button gov-button--primary" type="submit">
            {t('records:handling.accept')}
          </button>
        </form>
      )}
      {options.isHandler && !options.own.ownHref && nextStatus(doc.status, 'return') && (
        <section aria-labelledby="h-return">
          <h2 id="h-return">{t('records:handling.return')}</h2>
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
              {t('records:handling.return')}
            </button>
          </form>
        </section>
      )}
      <ForwardPanel
        env={env}
        doc={doc}
        options={options.forward}
        isHandler={options.isHandler}
        own={options.own.ownHref !== null}
      />
      <OwnLinks env={env} options={options.own} />
      <DocumentFilePanel env={env} doc={doc} options={options.files} />
    </>
  );
}

export function registerHandlingPages(app: FastifyInstance, ctx: AppContext): void {
  const step = (
    path: string,
    done: string,
    run: (request: FastifyRequest, id: string, v: Record<string, string>) => Promise<unknown>,
  ) =>
    app.post(path, { schema: { hide: true } }, async (request, reply) => {
      const id = (request.params as { id: string }).id;
      try {
        await run(request, id, formValues(request.body));
      } catch (e) {
        const { errors, message } = errorsOf(e, request.locale);
        return renderDocument(ctx, request, reply, id, { errors, message }, 422);
      }
      return reply.redirect(`/app/records/documents/${id}?done=${done}`, 303);
    });
  step('/app/records/documents/:id/assign', 'assigned', (request, id, v) =>
    assignDocument(ctx, request.actor, tenantOf(request), id, {
      orgUnitId: v.orgUnitId ?? '',
      handlerId: v.handlerId || null,
      deadlineDays: v.deadlineDays ? Number(v.deadlineDays) : null,
    }),
  );
  step('/app/records/documents/:id/accept', 'accepted', (request, id) =>
    acceptDocument(ctx, request.actor, tenantOf(request), id),
  );
  step('/app/records/documents/:id/return', 'returned', (request, id, v) =>
    returnDocument(ctx, request.actor, tenantOf(request), id, v.reason ?? ''),
  );
}

function list(items: WorkItem[], t: T) {
  if (items.length === 0) return <p>{t('records:handling.nothing')}</p>;
  return (
    <ul>
      {items.slice(0, 10).map((i) => (
        <li>
          <a href={`/app/records/documents/${i.id}`}>{i.refNumber}</a> {i.subject}
          {i.dueDate ? ` (${t('records:doc.due')} ${i.dueDate})` : ''}
          {i.delegatedFrom ? ` – ${t('records-handling:standInMark', { name: i.delegatedFrom })}` : ''}
        </li>
      ))}
    </ul>
  );
}

/** Dashboard widgets: my documents, overdue, due this week (only for people with a records role). */
export async function recordsDashboard(ctx: AppContext, actor: Actor, t: T): Promise<DashboardWidget[]> {
  if (
    actor.kind !== 'user' ||
    !actor.tenantId ||
    !recordsPolicy.can(actor, 'document.search', { tenantId: actor.tenantId })
  )
    return [];
  const w = await myWork(ctx, actor, actor.tenantId);
  return [
    {
      title: t('records:handling.mine', { count: w.mine.length }),
      body: list(w.mine, t),
      href: '/app/records/journal',
    },
    { title: t('records:handling.overdue', { count: w.overdue.length }), body: list(w.overdue, t) },
    {
      title: t('records:handling.dueThisWeek', { count: w.dueThisWeek.length }),
      body: list(w.dueThisWeek, t),
    },
    ...(await myFilesWidget(ctx, actor, t)),
  ];
}
