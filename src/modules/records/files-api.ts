/** JSON API of files (spisy) and settlement: /api/v1/records/files…, /api/v1/records/documents/:id/settle… */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.js';
import { MAX_FILE_SUBJECT, MAX_REASON, MAX_SETTLEMENT_NOTE, SETTLEMENT_METHODS } from './domain/files.js';
import {
  closeFile,
  createFile,
  type FileDetail,
  getDocumentFileInfo,
  getFile,
  insertDocument,
  listFiles,
  removeDocument,
  reopenFile,
  type SettlementView,
  settleDocument,
} from './files-service.js';
import { commonErrors, problem, security, tenantOf } from './http-common.js';
import { Document, documentJson } from './intake-api.js';

const tags = ['records'];
const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const IdParams = Type.Object({ id: Type.String() }, { additionalProperties: false });

const Regime = Type.Object({
  id: Uuid,
  identifier: Type.String(),
  name: Type.String(),
  mark: Type.String({ description: 'A (archive) or S (destroy)' }),
  period: Type.Integer({ description: 'Years' }),
  trigger: Type.String({ description: 'Trigger event: settlement, closing, creation, validity_end, birth' }),
});
const Member = Type.Object({
  id: Uuid,
  pid: Type.String(),
  refNumber: Type.String({ description: 'The document’s own reference number (číslo jednací)' }),
  subject: Type.String(),
  status: Type.String(),
  position: Type.Integer({
    description: 'Position within the file (from 1; a removed document’s is not reused)',
  }),
  numberInFile: Nullable(Type.String({ description: 'Number within a sběrný arch, e.g. 12/2026-3' })),
  initial: Type.Boolean({ description: 'The initial document of a priorace file' }),
  settledOn: Nullable(Type.String({ format: 'date' })),
  settlementMethod: Nullable(Type.String()),
  insertedAt: Type.String({ format: 'date-time' }),
});
const FileSchema = Type.Object({
  id: Uuid,
  pid: Type.String(),
  fileNumber: Type.String({ description: 'File number (spisová značka), ≤ 50' }),
  method: Type.String({ description: 'priorace | sberny_arch (from the subject group)' }),
  year: Type.Integer(),
  subject: Type.String(),
  status: Type.String({ description: 'open | closed' }),
  group: Type.Object({ id: Uuid, fullCode: Type.String(), title: Type.String() }),
  regime: Regime,
  orgUnit: Type.Object({ id: Uuid, name: Type.String() }),
  handler: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  initialDocumentId: Nullable(Uuid),
  createdOn: Type.String({ format: 'date' }),
  closedOn: Nullable(Type.String({ format: 'date' })),
  triggerYear: Nullable(
    Type.Integer({ description: 'Year the retention period counts from (set at closing)' }),
  ),
  disposalYear: Nullable(Type.Integer({ description: 'Trigger year + period + 1' })),
  reopenReason: Nullable(Type.String()),
  documents: Type.Array(Member),
});
const HistoryEntry = Type.Object({
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorLabel: Type.String(),
  eventType: Type.String({ description: 'NSESSS TypUdalostiId' }),
  objectType: Type.String({ description: 'NSESSS TypObjektuId' }),
  objectId: Nullable(Type.String()),
  params: Type.Record(Type.String(), Type.Unknown()),
});
const FileDetailSchema = Type.Object({ file: FileSchema, history: Type.Array(HistoryEntry) });
const Settlement = Type.Object({
  method: Type.String({ enum: Object.keys(SETTLEMENT_METHODS) }),
  methodText: Type.String({ description: 'NSESSS tZpusobVyrizeni' }),
  date: Type.String({ format: 'date' }),
  note: Nullable(Type.String()),
  settledBy: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
});

const fileResponses = {
  200: FileDetailSchema,
  ...commonErrors,
  404: problem('No such file you may see'),
  409: problem('Not allowed in this status (closed file, unsettled documents, document already filed)'),
  422: problem('Invalid data'),
};

function fileJson(d: FileDetail) {
  const { file } = d;
  return {
    file: {
      ...file,
      createdAt: undefined,
      documents: file.documents.map((m) => ({ ...m, insertedAt: m.insertedAt.toISOString() })),
    },
    history: d.history.map((h) => ({ ...h, at: h.at.toISOString() })),
  };
}

const settlementJson = (s: SettlementView | null) => s && { ...s };

export function registerFilesApi(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/records/files',
    {
      schema: {
        tags,
        summary: 'Files (spisy) the user may see, newest first',
        security,
        querystring: Type.Object(
          {
            status: Type.Optional(Type.String({ enum: ['open', 'closed'] })),
            q: Type.Optional(
              Type.String({ maxLength: 200, description: 'Text in the file number or subject' }),
            ),
            mine: Type.Optional(Type.Boolean({ description: 'Only the files I handle' })),
            page: Type.Optional(Type.Integer({ minimum: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Uuid,
                pid: Type.String(),
                fileNumber: Type.String(),
                method: Type.String(),
                subject: Type.String(),
                status: Type.String(),
                groupCode: Type.String(),
                handlerName: Nullable(Type.String()),
                orgUnitName: Type.String(),
                documents: Type.Integer(),
                createdOn: Type.String({ format: 'date' }),
                closedOn: Nullable(Type.String({ format: 'date' })),
              }),
            ),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
          }),
          ...commonErrors,
          422: problem('Invalid filter'),
        },
      },
    },
    async (request) => listFiles(ctx, request.actor, tenantOf(request), request.query),
  );

  app.post(
    '/api/v1/records/files',
    {
      schema: {
        tags,
        summary:
          'Create a file in a subject group: by priorace from its initial document, or as a sběrný arch with its own number',
        security,
        body: Type.Object(
          {
            groupId: Uuid,
            subject: Type.Optional(Nullable(Type.String({ maxLength: MAX_FILE_SUBJECT }))),
            initialDocumentId: Type.Optional(Nullable(Uuid)),
          },
          { additionalProperties: false },
        ),
        response: { ...fileResponses, 201: FileDetailSchema },
      },
    },
    async (request, reply) => {
      const d = await createFile(ctx, request.actor, tenantOf(request), request.body);
      return reply.code(201).send(fileJson(d));
    },
  );

  app.get(
    '/api/v1/records/files/:id',
    {
      schema: {
        tags,
        summary: 'A file with its documents and its audit history (the viewing is audited)',
        security,
        params: IdParams,
        response: fileResponses,
      },
    },
    async (request) => fileJson(await getFile(ctx, request.actor, tenantOf(request), request.params.id)),
  );

  app.post(
    '/api/v1/records/files/:id/documents',
    {
      schema: {
        tags,
        summary: 'Insert a document (by id or reference number) into an open file; the stricter regime wins',
        security,
        params: IdParams,
        body: Type.Object(
          {
            documentId: Type.Optional(Uuid),
            refNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
          },
          { additionalProperties: false },
        ),
        response: fileResponses,
      },
    },
    async (request) =>
      fileJson(await insertDocument(ctx, request.actor, tenantOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/api/v1/records/files/:id/documents/:documentId',
    {
      schema: {
        tags,
        summary: 'Remove a document from an open file (not the initial document of a priorace file)',
        security,
        params: Type.Object(
          { id: Type.String(), documentId: Type.String() },
          { additionalProperties: false },
        ),
        response: fileResponses,
      },
    },
    async (request) =>
      fileJson(
        await removeDocument(
          ctx,
          request.actor,
          tenantOf(request),
          request.params.id,
          request.params.documentId,
        ),
      ),
  );

  app.post(
    '/api/v1/records/files/:id/close',
    {
      schema: {
        tags,
        summary:
          'Close the file after the completeness check (all documents settled); records the trigger and disposal year',
        security,
        params: IdParams,
        // A JSON object, usually empty ({}).
        body: Type.Object(
          {
            triggerYear: Type.Optional(
              Nullable(
                Type.Integer({
                  description:
                    'Only when the regime counts from an event the system does not know (validity end, birth)',
                }),
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: fileResponses,
      },
    },
    async (request) =>
      fileJson(await closeFile(ctx, request.actor, tenantOf(request), request.params.id, request.body)),
  );

  app.post(
    '/api/v1/records/files/:id/reopen',
    {
      schema: {
        tags,
        summary: 'Reopen a closed file with a reason',
        security,
        params: IdParams,
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: MAX_REASON }) },
          { additionalProperties: false },
        ),
        response: fileResponses,
      },
    },
    async (request) =>
      fileJson(
        await reopenFile(ctx, request.actor, tenantOf(request), request.params.id, request.body.reason),
      ),
  );

  app.post(
    '/api/v1/records/documents/:id/settle',
    {
      schema: {
        tags,
        summary: 'Settle (vyřídit) an accepted document: NSESSS method, date (not in the future), note',
        security,
        params: IdParams,
        body: Type.Object(
          {
            method: Type.String({
              enum: Object.keys(SETTLEMENT_METHODS),
              description: Object.entries(SETTLEMENT_METHODS)
                .map(([k, v]) => `${k} = ${v}`)
                .join('; '),
            }),
            date: Type.String({ format: 'date' }),
            note: Type.Optional(
              Nullable(
                Type.String({
                  maxLength: MAX_SETTLEMENT_NOTE,
                  description: 'Required for "other" (jiný způsob)',
                }),
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ document: Document, settlement: Settlement }),
          ...commonErrors,
          404: problem('No such document you may see'),
          409: problem('Not accepted yet, or already settled'),
          422: problem('Invalid data (e.g. a date in the future)'),
        },
      },
    },
    async (request) => {
      const r = await settleDocument(ctx, request.actor, tenantOf(request), request.params.id, request.body);
      return { document: documentJson(r.document), settlement: settlementJson(r.settlement)! };
    },
  );

  app.get(
    '/api/v1/records/documents/:id/settlement',
    {
      schema: {
        tags,
        summary: 'A document’s settlement and the file it lies in',
        security,
        params: IdParams,
        response: {
          200: Type.Object({
            settlement: Nullable(Settlement),
            file: Nullable(
              Type.Object({
                id: Uuid,
                fileNumber: Type.String(),
                status: Type.String(),
                position: Type.Integer(),
                numberInFile: Nullable(Type.String()),
              }),
            ),
          }),
          ...commonErrors,
          404: problem('No such document you may see'),
        },
      },
    },
    async (request) => {
      const i = await getDocumentFileInfo(ctx, request.actor, tenantOf(request), request.params.id);
      return { settlement: settlementJson(i.settlement), file: i.file };
    },
  );
}
