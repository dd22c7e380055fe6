/**
 * JSON API of own documents and dispatch: /api/v1/records/own-documents…, /api/v1/records/dispatches…
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { contentDisposition } from '../../platform/blobs/index.js';
import type { AppContext } from '../../platform/context.js';
import {
  deliverInPerson,
  handOverDispatch,
  listDispatchQueue,
  prepareDispatch,
  readEnvelope,
  recordDelivery,
  recordUndeliverable,
  sendDispatch,
} from './dispatch-service.js';
import { DISPATCH_METHODS, DISPATCH_STATES } from './domain/dispatch.js';
import { ACCESS_LEVELS } from './domain/intake.js';
import { OWN_STATES } from './domain/own.js';
import { commonErrors, problem, security, tenantOf } from './http-common.js';
import { Document, documentJson, Person } from './intake-api.js';
import { readMultipart } from './multipart.js';
import {
  addOwnComponents,
  addOwnRecipient,
  approveOwnDocument,
  createOwnDocument,
  type DispatchView,
  getOwnDocument,
  listOwnDocuments,
  type OwnDetail,
  readComponentVersion,
  removeOwnRecipient,
  returnOwnDocument,
  submitOwnDocument,
} from './own-service.js';

const tags = ['records'];
const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Str = (max: number) => Type.String({ maxLength: max });
const IdParams = Type.Object({ id: Type.String() }, { additionalProperties: false });
const DateTime = Type.String({ format: 'date-time' });
const IsoDate = Type.String({ format: 'date' });

const PersonBody = Type.Object(
  {
    kind: Type.Optional(Type.Union([Type.Literal('natural'), Type.Literal('legal')])),
    name: Str(255),
    ico: Type.Optional(Nullable(Str(20))),
    databoxId: Type.Optional(Nullable(Str(20))),
    address: Type.Optional(Nullable(Str(500))),
    email: Type.Optional(Nullable(Str(254))),
  },
  { additionalProperties: false },
);

export const DispatchSchema = Type.Object({
  id: Uuid,
  documentId: Uuid,
  refNumber: Type.String(),
  subject: Type.String(),
  recipient: Type.Object({ id: Uuid, name: Type.String() }),
  method: Type.String({ enum: [...DISPATCH_METHODS] }),
  state: Type.String({
    enum: [...DISPATCH_STATES],
    description:
      'prepared → handed_over (PredaniVypravne) → sent (Vypraveno) → delivered (Doruceno) | undeliverable',
  }),
  address: Type.String({
    description: 'Postal address, e-mail, data-box ID or name, as taken when prepared',
  }),
  hasEnvelope: Type.Boolean({ description: 'Post: the envelope and delivery-note PDF exists' }),
  preparedAt: DateTime,
  handedOverAt: Nullable(DateTime),
  sentOn: Nullable(IsoDate),
  deliveredOn: Nullable(IsoDate),
  undeliverableOn: Nullable(IsoDate),
  undeliverableReason: Nullable(Type.String()),
  sendRequestedAt: Nullable(DateTime),
  sendAttempts: Type.Integer(),
  sendPending: Type.Boolean({
    description: 'E-mail: queued or being sent; the worker retries a failure by itself',
  }),
  lastError: Nullable(Type.String({ description: 'E-mail: why the last attempt failed' })),
  emailMessageId: Nullable(Type.String()),
});

const Version = Type.Object({
  version: Type.Integer(),
  filename: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
  createdAt: DateTime,
  createdBy: Nullable(Type.String()),
});
const HistoryEntry = Type.Object({
  seq: Type.Integer(),
  at: DateTime,
  actorLabel: Type.String(),
  eventType: Type.String({ description: 'NSESSS TypUdalostiId' }),
  objectType: Type.String({ description: 'NSESSS TypObjektuId' }),
  objectId: Nullable(Type.String()),
  params: Type.Record(Type.String(), Type.Unknown()),
});
const OwnSchema = Type.Object({
  document: Document,
  state: Type.String({
    enum: [...OWN_STATES],
    description: 'draft → submitted → final (approved, frozen) | returned → submitted …',
  }),
  answers: Nullable(Type.Object({ id: Uuid, refNumber: Type.String(), subject: Type.String() })),
  file: Nullable(Type.Object({ id: Uuid, fileNumber: Type.String(), status: Type.String() })),
  recipients: Type.Array(Person),
  components: Type.Array(
    Type.Object({
      id: Uuid,
      filename: Type.String(),
      mime: Type.String(),
      size: Type.Integer(),
      version: Type.Integer({ description: 'The current version' }),
      versions: Type.Array(Version),
    }),
  ),
  submittedAt: Nullable(DateTime),
  submittedBy: Nullable(Type.String()),
  decidedAt: Nullable(DateTime),
  decidedBy: Nullable(Type.String()),
  returnReason: Nullable(Type.String()),
  dispatches: Type.Array(DispatchSchema),
  history: Type.Array(HistoryEntry),
  can: Type.Object({
    edit: Type.Boolean(),
    submit: Type.Boolean(),
    approve: Type.Boolean(),
    return: Type.Boolean(),
    dispatch: Type.Boolean(),
  }),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function dispatchJson(x: DispatchView) {
  return {
    ...x,
    preparedAt: x.preparedAt.toISOString(),
    handedOverAt: iso(x.handedOverAt),
    sendRequestedAt: iso(x.sendRequestedAt),
  };
}

function ownJson(o: OwnDetail) {
  return {
    ...o,
    document: documentJson(o.document),
    components: o.components.map((c) => ({
      ...c,
      versions: c.versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })),
    })),
    submittedAt: iso(o.submittedAt),
    decidedAt: iso(o.decidedAt),
    dispatches: o.dispatches.map(dispatchJson),
    history: o.history.map((h) => ({
      seq: h.seq,
      at: h.at.toISOString(),
      actorLabel: h.actorLabel,
      eventType: h.eventType,
      objectType: h.objectType,
      objectId: h.objectId,
      params: h.params,
    })),
  };
}

const ownResponses = {
  200: OwnSchema,
  ...commonErrors,
  404: problem('No such own document you may see'),
  409: problem('Not allowed in this approval state (frozen final version, waiting for approval, …)'),
  422: problem('Invalid data'),
};
const dispatchResponses = {
  200: DispatchSchema,
  ...commonErrors,
  404: problem('No such dispatch you may see'),
  409: problem('Not allowed in this state or for this method'),
  422: problem('Invalid data (date, reason)'),
};

export function registerOwnApi(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/records/own-documents',
    {
      schema: {
        tags,
        summary:
          'Own documents the user may see, newest first (waiting: submitted to me as head of the unit)',
        security,
        querystring: Type.Object(
          {
            state: Type.Optional(Type.String({ enum: [...OWN_STATES] })),
            waiting: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Uuid,
                refNumber: Type.String(),
                subject: Type.String(),
                state: Type.String(),
                handlerName: Nullable(Type.String()),
                orgUnitName: Nullable(Type.String()),
                registeredAt: DateTime,
                recipients: Type.Integer(),
              }),
            ),
          }),
          ...commonErrors,
          422: problem('Invalid filter'),
        },
      },
    },
    async (request) => ({
      items: (await listOwnDocuments(ctx, request.actor, tenantOf(request), request.query)).map((r) => ({
        ...r,
        registeredAt: r.registeredAt.toISOString(),
      })),
    }),
  );

  app.post(
    '/api/v1/records/own-documents',
    {
      schema: {
        tags,
        summary: 'Create an own document (draft); it is registered at once (PID, číslo jednací)',
        description:
          'The author handles it in their org unit. `answersDocumentId`: the document it answers; if that lies in a file, the new one joins the file, and without named recipients the answered document’s sender becomes the recipient. `fileId`: an open file the author handles, to join otherwise.',
        security,
        body: Type.Object(
          {
            subject: Str(255),
            accessLevel: Type.Optional(Type.String({ enum: [...ACCESS_LEVELS] })),
            groupId: Type.Optional(Nullable(Uuid)),
            answersDocumentId: Type.Optional(Nullable(Uuid)),
            fileId: Type.Optional(Nullable(Uuid)),
            recipientIds: Type.Optional(Type.Array(Uuid, { maxItems: 50 })),
            recipients: Type.Optional(Type.Array(PersonBody, { maxItems: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { ...ownResponses, 201: OwnSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(ownJson(await createOwnDocument(ctx, request.actor, tenantOf(request), request.body))),
  );

  app.get(
    '/api/v1/records/own-documents/:id',
    {
      schema: {
        tags,
        summary:
          'An own document: state, recipients, component versions, dispatches, audit history (audited)',
        security,
        params: IdParams,
        response: ownResponses,
      },
    },
    async (request) =>
      ownJson(await getOwnDocument(ctx, request.actor, tenantOf(request), request.params.id)),
  );

  app.post(
    '/api/v1/records/own-documents/:id/components',
    {
      schema: {
        tags,
        summary:
          'Upload components of a draft (multipart `files`); with the field `componentId` one file is its next version',
        security,
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { ...ownResponses, 413: problem('Too large'), 415: problem('Not multipart') },
      },
    },
    async (request) => {
      const form = await readMultipart(request, ctx);
      return ownJson(
        await addOwnComponents(ctx, request.actor, tenantOf(request), request.params.id, form.files, {
          componentId: form.fields.componentId || null,
        }),
      );
    },
  );

  app.get(
    '/api/v1/records/own-documents/:id/components/:componentId/versions/:version',
    {
      schema: {
        tags,
        summary: 'Download one version of a component (audited)',
        security,
        params: Type.Object(
          { id: Type.String(), componentId: Type.String(), version: Type.Integer({ minimum: 1 }) },
          { additionalProperties: false },
        ),
        produces: ['application/octet-stream'],
        response: {
          200: Type.Unknown({ description: 'The file' }),
          ...commonErrors,
          404: problem('No such version'),
        },
      },
    },
    async (request, reply) => {
      const v = await readComponentVersion(
        ctx,
        request.actor,
        tenantOf(request),
        request.params.id,
        request.params.componentId,
        request.params.version,
      );
      return reply
        .type(v.mime)
        .header('content-disposition', contentDisposition(v.filename))
        .header('x-content-type-options', 'nosniff')
        .send(v.content);
    },
  );

  app.post(
    '/api/v1/records/own-documents/:id/recipients',
    {
      schema: {
        tags,
        summary: 'Add a recipient to a draft: a person of the register or a new one',
        security,
        params: IdParams,
        body: Type.Object(
          { personId: Type.Optional(Nullable(Uuid)), person: Type.Optional(Nullable(PersonBody)) },
          { additionalProperties: false },
        ),
        response: ownResponses,
      },
    },
    async (request) =>
      ownJson(await addOwnRecipient(ctx, request.actor, tenantOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/api/v1/records/own-documents/:id/recipients/:personId',
    {
      schema: {
        tags,
        summary: 'Take a recipient off a draft',
        security,
        params: Type.Object({ id: Type.String(), personId: Type.String() }, { additionalProperties: false }),
        response: ownResponses,
      },
    },
    async (request) =>
      ownJson(
        await removeOwnRecipient(
          ctx,
          request.actor,
          tenantOf(request),
          request.params.id,
          request.params.personId,
        ),
      ),
  );

  app.post(
    '/api/v1/records/own-documents/:id/submit',
    {
      schema: {
        tags,
        summary: 'Ask the head of the unit for approval (needs a component)',
        security,
        params: IdParams,
        response: ownResponses,
      },
    },
    async (request) =>
      ownJson(await submitOwnDocument(ctx, request.actor, tenantOf(request), request.params.id)),
  );

  app.post(
    '/api/v1/records/own-documents/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve (head of the unit): the current versions become the final version, frozen',
        security,
        params: IdParams,
        response: ownResponses,
      },
    },
    async (request) =>
      ownJson(await approveOwnDocument(ctx, request.actor, tenantOf(request), request.params.id)),
  );

  app.post(
    '/api/v1/records/own-documents/:id/return',
    {
      schema: {
        tags,
        summary: 'Return to the handler with a reason (head of the unit)',
        security,
        params: IdParams,
        body: Type.Object({ reason: Str(1000) }, { additionalProperties: false }),
        response: ownResponses,
      },
    },
    async (request) =>
      ownJson(
        await returnOwnDocument(
          ctx,
          request.actor,
          tenantOf(request),
          request.params.id,
          request.body.reason,
        ),
      ),
  );

  app.post(
    '/api/v1/records/own-documents/:id/dispatches',
    {
      schema: {
        tags,
        summary: 'Prepare the dispatch of a final document to one of its recipients (post: envelope PDF)',
        security,
        params: IdParams,
        body: Type.Object(
          { recipientId: Uuid, method: Type.String({ enum: [...DISPATCH_METHODS] }) },
          { additionalProperties: false },
        ),
        response: { ...dispatchResponses, 201: DispatchSchema },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          dispatchJson(
            await prepareDispatch(ctx, request.actor, tenantOf(request), request.params.id, request.body),
          ),
        ),
  );

  app.get(
    '/api/v1/records/dispatches',
    {
      schema: {
        tags,
        summary: 'The dispatch queue (výpravna), oldest first; default: handed over or sent',
        security,
        querystring: Type.Object(
          {
            state: Type.Optional(Type.String({ enum: ['open', 'all', ...DISPATCH_STATES] })),
            method: Type.Optional(Type.String({ enum: [...DISPATCH_METHODS] })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(DispatchSchema) }), ...commonErrors },
      },
    },
    async (request) => ({
      items: (await listDispatchQueue(ctx, request.actor, tenantOf(request), request.query)).map(
        dispatchJson,
      ),
    }),
  );

  const DateBody = Type.Object(
    { date: Type.Optional(Type.String({ description: 'YYYY-MM-DD, default today' })) },
    { additionalProperties: false },
  );

  app.post(
    '/api/v1/records/dispatches/:id/hand-over',
    {
      schema: {
        tags,
        summary: 'Hand a prepared dispatch to the dispatch office (PredaniVypravne); the document’s handler',
        security,
        params: IdParams,
        response: dispatchResponses,
      },
    },
    async (request) =>
      dispatchJson(await handOverDispatch(ctx, request.actor, tenantOf(request), request.params.id)),
  );

  app.post(
    '/api/v1/records/dispatches/:id/send',
    {
      schema: {
        tags,
        summary:
          'Send (dispatch office): post — went to the post office on `date` (Vypraveno); e-mail — queue the SMTP send (again after a failure); data box — 409, the connector sends',
        security,
        params: IdParams,
        body: DateBody,
        response: dispatchResponses,
      },
    },
    async (request) =>
      dispatchJson(
        await sendDispatch(ctx, request.actor, tenantOf(request), request.params.id, {
          date: request.body.date ?? null,
        }),
      ),
  );

  app.post(
    '/api/v1/records/dispatches/:id/delivered',
    {
      schema: {
        tags,
        summary: 'Record delivery (Doruceno) with its date, e.g. from the returned delivery note',
        security,
        params: IdParams,
        body: DateBody,
        response: dispatchResponses,
      },
    },
    async (request) =>
      dispatchJson(
        await recordDelivery(ctx, request.actor, tenantOf(request), request.params.id, {
          date: request.body.date ?? null,
        }),
      ),
  );

  app.post(
    '/api/v1/records/dispatches/:id/undeliverable',
    {
      schema: {
        tags,
        summary: 'Record that the dispatch came back undeliverable, with the date and reason',
        security,
        params: IdParams,
        body: Type.Object(
          { date: Type.Optional(Type.String()), reason: Str(1000) },
          { additionalProperties: false },
        ),
        response: dispatchResponses,
      },
    },
    async (request) =>
      dispatchJson(
        await recordUndeliverable(ctx, request.actor, tenantOf(request), request.params.id, request.body),
      ),
  );

  app.post(
    '/api/v1/records/dispatches/:id/in-person',
    {
      schema: {
        tags,
        summary: 'Handed to the recipient in person on `date` (Vypraveno + Doruceno)',
        security,
        params: IdParams,
        body: DateBody,
        response: dispatchResponses,
      },
    },
    async (request) =>
      dispatchJson(
        await deliverInPerson(ctx, request.actor, tenantOf(request), request.params.id, {
          date: request.body.date ?? null,
        }),
      ),
  );

  app.get(
    '/api/v1/records/dispatches/:id/envelope.pdf',
    {
      schema: {
        tags,
        summary: 'Post: the envelope address block and the delivery note (dodejka) as PDF',
        security,
        params: IdParams,
        produces: ['application/pdf'],
        response: { 200: Type.Unknown({ description: 'PDF' }), ...commonErrors, 404: problem('No envelope') },
      },
    },
    async (request, reply) => {
      const e = await readEnvelope(ctx, request.actor, tenantOf(request), request.params.id);
      return reply
        .type('application/pdf')
        .header('content-disposition', contentDisposition(e.filename, 'inline'))
        .send(e.content);
    },
  );
}
