/**
 * JSON API of the notice board for staff and other systems: `/api/v1/notices`. Routes only
 * translate HTTP to use cases; the services check permissions. The public board's open data is
 * at /{tenant}/uredni-deska.jsonld (pages/public.tsx).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { contentDisposition, receiveUpload } from '../../../platform/blobs/index.js';
import type { AppContext } from '../../../platform/context.js';
import { forbidden } from '../../../platform/errors.js';
import { requireUser } from '../../../platform/identity/index.js';
import { CATEGORIES } from './domain/notice.js';
import { NOTICE_STATES } from './schema.js';
import {
  attachDocument,
  createNotice,
  deleteNotice,
  detachDocument,
  getCertificate,
  getNotice,
  getNoticeDocument,
  listNotices,
  MAX_DOCUMENT_BYTES,
  type NoticeView,
  removeNotice,
  scheduleNotice,
  unscheduleNotice,
  updateNotice,
} from './service.js';

const tags = ['noticeboard'];
const DateTime = Type.Unsafe<Date>({ type: 'string', format: 'date-time' });
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Nullable = <T extends ReturnType<typeof Type.String>>(s: T) => Type.Union([s, Type.Null()]);
const Id = Type.String({ format: 'uuid' });

const NoticeBody = Type.Object(
  {
    title: Type.String({ maxLength: 500 }),
    description: Type.Optional(Nullable(Type.String({ maxLength: 10000 }))),
    category: Type.Enum([...CATEGORIES]),
    originatorName: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
    originatorIco: Type.Optional(Nullable(Type.String({ maxLength: 12 }))),
    referenceNumber: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
    fileNumber: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
    postingDate: Type.String({ maxLength: 10, description: 'Day of posting, YYYY-MM-DD' }),
    removalDate: Type.Optional(
      Nullable(
        Type.String({
          maxLength: 10,
          description: 'Last day shown (YYYY-MM-DD); omit for a public notice to get the 15-day minimum',
        }),
      ),
    ),
    approvalDate: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
  },
  { additionalProperties: false },
);

const DocumentSchema = Type.Object({
  id: Id,
  title: Type.String(),
  filename: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
});

const NoticeSchema = Type.Object({
  id: Id,
  boardNumber: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  description: Type.String(),
  category: Type.Enum([...CATEGORIES]),
  originator: Type.Union([
    Type.Object({ name: Type.String(), ico: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ]),
  referenceNumber: Type.Union([Type.String(), Type.Null()]),
  fileNumber: Type.Union([Type.String(), Type.Null()]),
  postingDate: IsoDate,
  removalDate: IsoDate,
  removalExplanation: Type.Union([Type.Unknown(), Type.Null()], {
    description: 'How the minimum posting period was computed (calendar explanation steps)',
  }),
  approvalDate: Type.Union([IsoDate, Type.Null()]),
  state: Type.Enum([...NOTICE_STATES]),
  postedAt: Type.Union([DateTime, Type.Null()], { description: 'When the board actually showed it' }),
  removedAt: Type.Union([DateTime, Type.Null()]),
  removalReason: Type.Union([Type.String(), Type.Null()]),
  hasCertificate: Type.Boolean(),
  source: Type.Union([Type.String(), Type.Null()]),
  documents: Type.Array(DocumentSchema),
  createdAt: DateTime,
  updatedAt: DateTime,
});

const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({ field: Type.String(), message: Type.String(), code: Type.Optional(Type.String()) }),
      ),
    ),
    requestId: Type.Optional(Type.String()),
  },
  { additionalProperties: true, description: 'RFC 9457 problem document' },
);
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});
const errors = {
  401: problem('Not signed in'),
  403: problem('Not allowed (role, or CSRF token missing)'),
  404: problem('No such notice in your tenant'),
};
const changeErrors = {
  ...errors,
  409: problem('The notice is in a state that does not allow this'),
  422: problem('Invalid data, with the fields to fix'),
};

function tenantIdOf(request: FastifyRequest): string {
  const user = requireUser(request);
  if (!user.tenantId) throw forbidden('The notice board belongs to a tenant; sign in as its user.');
  return user.tenantId;
}

function sendPdf(reply: FastifyReply, file: Awaited<ReturnType<typeof getCertificate>>) {
  return reply
    .type(file.record.mime)
    .header('content-disposition', contentDisposition(file.record.filename))
    .header('x-content-type-options', 'nosniff')
    .send(file.stream());
}

export function noticeboardApi(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const IdParams = Type.Object({ id: Id });
  const one = (v: NoticeView) => v;

  app.get(
    '/api/v1/notices',
    {
      schema: {
        tags,
        summary: 'Notices of your tenant (all states)',
        querystring: Type.Object(
          { state: Type.Optional(Type.Enum([...NOTICE_STATES])) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(NoticeSchema) }), ...errors },
      },
    },
    async (request) => ({
      items: await listNotices(ctx, request.actor, tenantIdOf(request), { state: request.query.state }),
    }),
  );

  app.get(
    '/api/v1/notices/:id',
    { schema: { tags, summary: 'One notice', params: IdParams, response: { 200: NoticeSchema, ...errors } } },
    async (request) => one(await getNotice(ctx, request.actor, tenantIdOf(request), request.params.id)),
  );

  app.post(
    '/api/v1/notices',
    {
      schema: {
        tags,
        summary: 'Create a draft notice (attach its PDF next, then schedule it)',
        body: NoticeBody,
        response: { 201: NoticeSchema, ...changeErrors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createNotice(ctx, request.actor, tenantIdOf(request), request.body)),
  );

  app.put(
    '/api/v1/notices/:id',
    {
      schema: {
        tags,
        summary: 'Replace the fields of a draft notice',
        params: IdParams,
        body: NoticeBody,
        response: { 200: NoticeSchema, ...changeErrors },
      },
    },
    async (request) => updateNotice(ctx, request.actor, tenantIdOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/v1/notices/:id',
    {
      schema: {
        tags,
        summary: 'Delete a draft notice',
        params: IdParams,
        response: { 204: Type.Null(), ...changeErrors },
      },
    },
    async (request, reply) => {
      await deleteNotice(ctx, request.actor, tenantIdOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/notices/:id/documents',
    {
      schema: {
        tags,
        summary: 'Attach a PDF document to a draft (multipart/form-data: file, optional title)',
        description: 'The content is sniffed: anything but a real PDF is refused with 422.',
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 201: NoticeSchema, ...changeErrors },
      },
    },
    async (request, reply) => {
      const tenantId = tenantIdOf(request);
      const upload = await receiveUpload(request, ctx, { field: 'file', maxBytes: MAX_DOCUMENT_BYTES });
      const view = await attachDocument(ctx, request.actor, tenantId, request.params.id, {
        filename: upload.filename,
        blob: upload,
        title: upload.fields.title,
      });
      return reply.code(201).send(view);
    },
  );

  app.get(
    '/api/v1/notices/:id/documents/:doc',
    {
      schema: {
        tags,
        summary: 'Download a document of a notice (PDF)',
        params: Type.Object({ id: Id, doc: Id }),
        response: { 200: Type.Unknown({ description: 'application/pdf' }), ...errors },
      },
    },
    async (request, reply) =>
      sendPdf(
        reply,
        await getNoticeDocument(
          ctx,
          request.actor,
          tenantIdOf(request),
          request.params.id,
          request.params.doc,
        ),
      ),
  );

  app.delete(
    '/api/v1/notices/:id/documents/:doc',
    {
      schema: {
        tags,
        summary: 'Detach a document from a draft',
        params: Type.Object({ id: Id, doc: Id }),
        response: { 200: NoticeSchema, ...changeErrors },
      },
    },
    async (request) =>
      detachDocument(ctx, request.actor, tenantIdOf(request), request.params.id, request.params.doc),
  );

  app.post(
    '/api/v1/notices/:id/schedule',
    {
      schema: {
        tags,
        summary: 'Post today, or schedule for the posting day (needs a title and a PDF)',
        params: IdParams,
        response: { 200: NoticeSchema, ...changeErrors },
      },
    },
    async (request) => scheduleNotice(ctx, request.actor, tenantIdOf(request), request.params.id),
  );

  app.post(
    '/api/v1/notices/:id/unschedule',
    {
      schema: {
        tags,
        summary: 'Take a scheduled notice back to draft',
        params: IdParams,
        response: { 200: NoticeSchema, ...changeErrors },
      },
    },
    async (request) => unscheduleNotice(ctx, request.actor, tenantIdOf(request), request.params.id),
  );

  app.post(
    '/api/v1/notices/:id/remove',
    {
      schema: {
        tags,
        summary: 'Take a posted notice down (a reason is required before its last day is over)',
        params: IdParams,
        body: Type.Object(
          { reason: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))) },
          { additionalProperties: false },
        ),
        response: { 200: NoticeSchema, ...changeErrors },
      },
    },
    async (request) =>
      removeNotice(ctx, request.actor, tenantIdOf(request), request.params.id, {
        reason: request.body.reason,
      }),
  );

  app.get(
    '/api/v1/notices/:id/certificate',
    {
      schema: {
        tags,
        summary: 'Certificate of posting and removal (PDF), once the notice is removed',
        params: IdParams,
        response: { 200: Type.Unknown({ description: 'application/pdf' }), ...errors },
      },
    },
    async (request, reply) =>
      sendPdf(reply, await getCertificate(ctx, request.actor, tenantIdOf(request), request.params.id)),
  );
}
