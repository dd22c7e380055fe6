/** JSON API of intake and documents: /api/v1/records/documents…, /api/v1/records/persons */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { contentDisposition } from '../../platform/blobs/index.js';
import type { AppContext } from '../../platform/context.js';
import { startOfDayUtc } from '../../platform/time-zone.js';
import { ACCESS_LEVELS, MANUAL_DELIVERY_METHODS } from './domain/intake.js';
import { commonErrors, problem, security, tenantOf } from './http-common.js';
import {
  addComponents,
  type DocumentView,
  findPersons,
  getDocument,
  type IntakeResult,
  type RegisterIncomingInput,
  readComponent,
  registerIncoming,
  resolveAttention,
} from './intake-service.js';
import { readMultipart } from './multipart.js';

const tags = ['records'];
const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Str = (max: number) => Type.String({ maxLength: max });

export const Person = Type.Object({
  id: Uuid,
  kind: Type.String(),
  name: Type.String(),
  ico: Nullable(Type.String()),
  databoxId: Nullable(Type.String()),
  address: Nullable(Type.String()),
  email: Nullable(Type.String()),
});
const Component = Type.Object({
  id: Uuid,
  filename: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
  accepted: Type.Boolean({ description: 'false: kept but not usable (see problem)' }),
  problem: Nullable(Type.String()),
});
export const Document = Type.Object({
  id: Uuid,
  pid: Type.String({ description: 'Permanent identifier within the tenant' }),
  refNumber: Type.String({ description: 'Reference number (číslo jednací), ≤ 50' }),
  year: Type.Integer(),
  seq: Type.Integer({ description: 'Number in the yearly series' }),
  subject: Type.String(),
  status: Type.String(),
  accessLevel: Type.String(),
  senderRef: Nullable(Type.String()),
  deliveredAt: Nullable(Type.String({ format: 'date-time' })),
  deliveryMethod: Nullable(Type.String()),
  sheets: Nullable(Type.Integer()),
  attachments: Nullable(Type.Integer()),
  attachmentNote: Nullable(Type.String()),
  sender: Nullable(Person),
  consignment: Nullable(
    Type.Object({ id: Uuid, channel: Type.String(), state: Type.String(), problem: Nullable(Type.String()) }),
  ),
  group: Nullable(Type.Object({ id: Uuid, fullCode: Type.String(), title: Type.String() })),
  orgUnit: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  handler: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  dueDate: Nullable(Type.String()),
  dueExplanation: Type.Optional(Type.Unknown()),
  returnReason: Nullable(Type.String()),
  settlement: Nullable(
    Type.Object({
      method: Type.String({
        description: 'NSESSS způsob vyřízení: document, forwarding, acknowledgement, record, other',
      }),
      settledOn: Type.String({ format: 'date' }),
      note: Nullable(Type.String()),
    }),
  ),
  registeredAt: Type.String({ format: 'date-time' }),
  components: Type.Array(Component),
});
const Intake = Type.Object({ document: Document, problems: Type.Array(Type.String()) });
const HistoryEntry = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorLabel: Type.String(),
  eventType: Type.String({ description: 'NSESSS TypUdalostiId' }),
  objectType: Type.String({ description: 'NSESSS TypObjektuId' }),
  objectId: Nullable(Type.String()),
  params: Type.Record(Type.String(), Type.Unknown()),
});

const SenderBody = Type.Object(
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
const RegisterBody = Type.Object(
  {
    subject: Str(255),
    senderId: Type.Optional(Nullable(Uuid)),
    sender: Type.Optional(Nullable(SenderBody)),
    senderRef: Type.Optional(Nullable(Str(50))),
    deliveredAt: Type.Optional(Type.String({ format: 'date-time' })),
    deliveryMethod: Type.Optional(Type.String({ enum: [...MANUAL_DELIVERY_METHODS] })),
    sheets: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
    attachments: Type.Optional(Nullable(Type.Integer({ minimum: 0 }))),
    attachmentNote: Type.Optional(Nullable(Str(255))),
    accessLevel: Type.Optional(Type.String({ enum: [...ACCESS_LEVELS] })),
    groupId: Type.Optional(Nullable(Uuid)),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String() }, { additionalProperties: false });

export function documentJson(d: DocumentView) {
  return {
    ...d,
    deliveredAt: d.deliveredAt ? d.deliveredAt.toISOString() : null,
    registeredAt: d.registeredAt.toISOString(),
    components: d.components.map(({ blobId: _b, ...c }) => c),
  };
}
const intakeJson = (r: IntakeResult) => ({ document: documentJson(r.document), problems: r.problems });

/** Multipart intake fields → the use case's input (sender.* fields form the sender). */
export function intakeInputFromFields(
  f: Record<string, string>,
  timeZone = 'Europe/Prague',
): RegisterIncomingInput {
  const senderName = f['sender.name']?.trim();
  const raw = f.deliveredAt?.trim();
  // A datetime-local field has no zone: it is the office's local time.
  const m = raw ? /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(raw) : null;
  const local = m
    ? new Date(startOfDayUtc(m[1]!, timeZone).getTime() + (Number(m[2]) * 60 + Number(m[3])) * 60_000)
    : raw;
  return {
    subject: f.subject ?? '',
    senderId: f.senderId || null,
    sender: senderName
      ? {
          kind: f['sender.kind'] ?? 'natural',
          name: senderName,
          ico: f['sender.ico'] || null,
          databoxId: f['sender.databoxId'] || null,
          address: f['sender.address'] || null,
          email: f['sender.email'] || null,
        }
      : null,
    senderRef: f.senderRef || null,
    ...(local ? { deliveredAt: local } : {}),
    deliveryMethod: f.deliveryMethod || 'post',
    sheets: f.sheets ?? null,
    attachments: f.attachments ?? null,
    attachmentNote: f.attachmentNote || null,
    accessLevel: f.accessLevel || 'internal',
    groupId: f.groupId || null,
  };
}

export function registerIntakeApi(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/v1/records/documents',
    {
      schema: {
        tags,
        summary: 'Register an incoming document (metadata only; add scans with …/components)',
        security,
        body: RegisterBody,
        response: {
          201: Intake,
          ...commonErrors,
          409: problem('Broken reference-number template'),
          422: problem('Invalid data; nothing registered'),
        },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(intakeJson(await registerIncoming(ctx, request.actor, tenantOf(request), request.body))),
  );

  app.post(
    '/api/v1/records/documents/intake',
    {
      schema: {
        tags,
        summary: 'Register a paper consignment with scans (multipart/form-data)',
        description:
          'Fields as in POST /documents (sender as sender.kind, sender.name, sender.ico, …) plus any number of file parts. ' +
          'PDF, JPEG, PNG and TIFF are accepted (sniffed from the content); other or damaged files are kept on the consignment, ' +
          'which then needs attention, and are listed in `problems`.',
        security,
        consumes: ['multipart/form-data'],
        response: {
          201: Intake,
          ...commonErrors,
          413: problem('File too large'),
          415: problem('Not multipart'),
          422: problem('Invalid data'),
        },
      },
    },
    async (request, reply) => {
      const tenantId = tenantOf(request);
      const form = await readMultipart(request, ctx);
      const input = { ...intakeInputFromFields(form.fields, request.tenant?.time_zone), files: form.files };
      return reply.code(201).send(intakeJson(await registerIncoming(ctx, request.actor, tenantId, input)));
    },
  );

  app.post(
    '/api/v1/records/documents/:id/components',
    {
      schema: {
        tags,
        summary: 'Add scans to a registered document (multipart/form-data)',
        security,
        params: IdParams,
        consumes: ['multipart/form-data'],
        response: { 200: Intake, ...commonErrors, 404: problem('No such document'), 422: problem('No file') },
      },
    },
    async (request) => {
      const tenantId = tenantOf(request);
      const form = await readMultipart(request, ctx);
      return intakeJson(await addComponents(ctx, request.actor, tenantId, request.params.id, form.files));
    },
  );

  app.post(
    '/api/v1/records/documents/:id/resolve',
    {
      schema: {
        tags,
        summary: 'Mark the consignment’s problem as resolved (the unaccepted files stay kept)',
        security,
        params: IdParams,
        body: Type.Object(
          { note: Type.String({ minLength: 1, maxLength: 1000 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Document,
          ...commonErrors,
          404: problem('No such document'),
          409: problem('Nothing to resolve'),
        },
      },
    },
    async (request) =>
      documentJson(
        await resolveAttention(ctx, request.actor, tenantOf(request), request.params.id, request.body.note),
      ),
  );

  app.get(
    '/api/v1/records/documents/:id',
    {
      schema: {
        tags,
        summary: 'One document with its audit history (the viewing is audited)',
        security,
        params: IdParams,
        response: {
          200: Type.Object({ document: Document, history: Type.Array(HistoryEntry) }),
          ...commonErrors,
          404: problem('No such document you may see'),
        },
      },
    },
    async (request) => {
      const d = await getDocument(ctx, request.actor, tenantOf(request), request.params.id);
      return {
        document: documentJson(d.document),
        history: d.history.map((e) => ({
          seq: e.seq,
          at: e.at.toISOString(),
          actorLabel: e.actorLabel,
          eventType: e.eventType,
          objectType: e.objectType,
          objectId: e.objectId,
          params: e.params,
        })),
      };
    },
  );

  app.get(
    '/api/v1/records/documents/:id/components/:componentId/content',
    {
      schema: {
        tags,
        summary: 'Download a component (audited)',
        security,
        params: Type.Object(
          { id: Type.String(), componentId: Type.String() },
          { additionalProperties: false },
        ),
        produces: ['application/octet-stream'],
        response: {
          200: Type.Unknown({ description: 'The file' }),
          ...commonErrors,
          404: problem('No such component'),
        },
      },
    },
    async (request, reply) => {
      const c = await readComponent(
        ctx,
        request.actor,
        tenantOf(request),
        request.params.id,
        request.params.componentId,
      );
      return reply
        .type(c.mime)
        .header('content-disposition', contentDisposition(c.filename))
        .header('x-content-type-options', 'nosniff')
        .send(c.content);
    },
  );

  app.get(
    '/api/v1/records/persons',
    {
      schema: {
        tags,
        summary: 'Search the register of persons (name, IČO, data-box ID)',
        security,
        querystring: Type.Object({ q: Type.Optional(Str(100)) }, { additionalProperties: false }),
        response: { 200: Type.Array(Person), ...commonErrors },
      },
    },
    async (request) => findPersons(ctx, request.actor, tenantOf(request), request.query.q ?? ''),
  );
}
