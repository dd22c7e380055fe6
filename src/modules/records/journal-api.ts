/** JSON API of the registry journal and search: GET /api/v1/records/documents, journal exports. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.js';
import { commonErrors, problem, security, tenantOf } from './http-common.js';
import {
  DOCUMENT_STATUSES,
  exportJournalCsv,
  exportJournalPdf,
  type JournalRow,
  listDocuments,
  MAX_PAGE_SIZE,
} from './journal-service.js';

const tags = ['records'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const IsoDay = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const FilterQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        maxLength: 200,
        description: 'Full text over metadata and extracted text; diacritics and case do not matter',
      }),
    ),
    status: Type.Optional(Type.String({ enum: DOCUMENT_STATUSES })),
    handlerId: Type.Optional(Type.String({ format: 'uuid' })),
    orgUnitId: Type.Optional(Type.String({ format: 'uuid' })),
    groupCode: Type.Optional(
      Type.String({ maxLength: 255, description: 'File-plan code; includes its sub-groups' }),
    ),
    sender: Type.Optional(Type.String({ maxLength: 200, description: 'Sender name, IČO or data-box ID' })),
    from: Type.Optional(IsoDay),
    to: Type.Optional(IsoDay),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE })),
  },
  { additionalProperties: false },
);

const Row = Type.Object({
  id: Type.String({ format: 'uuid' }),
  pid: Type.String(),
  refNumber: Type.String(),
  year: Type.Integer(),
  seq: Type.Integer(),
  subject: Type.String(),
  status: Type.String(),
  senderName: Nullable(Type.String()),
  senderRef: Nullable(Type.String()),
  deliveredAt: Nullable(Type.String({ format: 'date-time' })),
  registeredAt: Type.String({ format: 'date-time' }),
  groupCode: Nullable(Type.String()),
  orgUnitName: Nullable(Type.String()),
  handlerName: Nullable(Type.String()),
  dueDate: Nullable(Type.String()),
  needsAttention: Type.Boolean(),
});

export const rowJson = (r: JournalRow) => ({
  ...r,
  deliveredAt: r.deliveredAt ? r.deliveredAt.toISOString() : null,
  registeredAt: r.registeredAt.toISOString(),
});

export function registerJournalApi(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/records/documents',
    {
      schema: {
        tags,
        summary:
          'Registry journal and search: filtered, paged, newest first; only documents the caller may see',
        security,
        querystring: FilterQuery,
        response: {
          200: Type.Object({
            items: Type.Array(Row),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
          }),
          ...commonErrors,
          400: problem('Malformed query'),
          422: problem('Invalid filter'),
        },
      },
    },
    async (request) => {
      const r = await listDocuments(ctx, request.actor, tenantOf(request), request.query);
      return { ...r, items: r.items.map(rowJson) };
    },
  );

  app.get(
    '/api/v1/records/journal.csv',
    {
      schema: {
        tags,
        summary: 'The registry journal of a date range as CSV (registry clerk, records manager)',
        security,
        querystring: FilterQuery,
        produces: ['text/csv'],
        response: { 200: Type.String(), ...commonErrors, 422: problem('Missing or too long range') },
      },
    },
    async (request, reply) => {
      const csv = await exportJournalCsv(ctx, request.actor, tenantOf(request), request.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="jednaci-denik-${request.query.from}-${request.query.to}.csv"`,
        )
        .send(csv);
    },
  );

  app.get(
    '/api/v1/records/journal.pdf',
    {
      schema: {
        tags,
        summary: 'The registry journal of a date range as PDF (daily print)',
        security,
        querystring: FilterQuery,
        produces: ['application/pdf'],
        response: {
          200: Type.Unknown({ description: 'PDF' }),
          ...commonErrors,
          422: problem('Missing or too long range'),
        },
      },
    },
    async (request, reply) => {
      const pdf = await exportJournalPdf(ctx, request.actor, tenantOf(request), request.query);
      return reply
        .type('application/pdf')
        .header(
          'content-disposition',
          `attachment; filename="jednaci-denik-${request.query.from}-${request.query.to}.pdf"`,
        )
        .send(Buffer.from(pdf));
    },
  );
}
