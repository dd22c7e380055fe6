/**
 * JSON API of the records office and the disposal procedure: /api/v1/records/office…,
 * /api/v1/records/disposal-proposals… (records manager only).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { contentDisposition } from '../../platform/blobs/index.js';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { MAX_LOAN_NOTE } from './domain/office.js';
import { commonErrors, problem, security, tenantOf } from './http-common.js';
import {
  createProposal,
  destroyItems,
  exportProposalSip,
  getOfficeEntry,
  getProposal,
  handOverFile,
  importDecision,
  lendEntry,
  listOffice,
  listProposals,
  MAX_DECISION_XML,
  type OfficeEntryDetail,
  type ProposalView,
  readTransferPackage,
  returnLoan,
  transferItems,
} from './office-service.js';

const tags = ['records'];
const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const IdParams = Type.Object({ id: Type.String() }, { additionalProperties: false });

const Loan = Type.Object({
  id: Uuid,
  borrower: Type.Object({ id: Uuid, name: Type.String() }),
  lentOn: Type.String({ format: 'date' }),
  dueOn: Type.String({ format: 'date' }),
  note: Nullable(Type.String()),
  returnedOn: Nullable(Type.String({ format: 'date' })),
  overdue: Type.Boolean(),
});
const Entry = Type.Object({
  id: Uuid,
  status: Type.String({ description: 'stored | proposed | destroyed | archived' }),
  file: Type.Object({
    id: Uuid,
    pid: Type.String(),
    fileNumber: Type.String(),
    subject: Type.String(),
    groupCode: Type.String(),
    closedOn: Type.String({ format: 'date' }),
  }),
  regime: Type.Object({ identifier: Type.String(), mark: Type.String(), period: Type.Integer() }),
  triggerYear: Type.Integer(),
  disposalYear: Type.Integer({ description: 'Trigger year + period + 1' }),
  location: Nullable(Type.String()),
  takenOn: Type.String({ format: 'date' }),
  loan: Nullable(Loan),
  proposal: Nullable(Type.Object({ id: Uuid, number: Type.String(), decision: Nullable(Type.String()) })),
});
const EntryDetail = Type.Object({
  entry: Entry,
  loans: Type.Array(Loan),
  destroyed: Type.Array(
    Type.Object({
      filename: Type.String(),
      mime: Type.String(),
      size: Type.Integer(),
      sha256: Type.String(),
      destroyedAt: Type.String({ format: 'date-time' }),
    }),
  ),
});
const Proposal = Type.Object({
  id: Uuid,
  number: Type.String({ description: 'SN {seq}/{year}' }),
  status: Type.String({ description: 'open | decided | done' }),
  createdOn: Type.String({ format: 'date' }),
  decisionListId: Nullable(Type.String()),
  archiveId: Nullable(Type.String()),
  decidedAt: Nullable(Type.String({ format: 'date-time' })),
  hasTransfer: Type.Boolean(),
  items: Type.Array(
    Type.Object({
      position: Type.Integer(),
      decision: Nullable(Type.String({ description: "The archive's decision: A (transfer) or S (destroy)" })),
      executedAt: Nullable(Type.String({ format: 'date-time' })),
      entry: Entry,
    }),
  ),
});
const EntryIds = Type.Object(
  {
    entryIds: Type.Optional(
      Nullable(
        Type.Array(Uuid, { maxItems: 1000, description: 'Records office items; omitted: all that qualify' }),
      ),
    ),
  },
  { additionalProperties: false },
);

const entryResponses = {
  200: EntryDetail,
  ...commonErrors,
  404: problem('No such item'),
  409: problem('Not allowed in this state (not closed, already there, on loan)'),
  422: problem('Invalid data'),
};
const proposalResponses = {
  200: Proposal,
  ...commonErrors,
  404: problem('No such proposal'),
  409: problem('Not allowed in this state (not decided, an item marked A cannot be destroyed, …)'),
  422: problem('Invalid data'),
};

const detailJson = (d: OfficeEntryDetail) => ({
  ...d,
  destroyed: d.destroyed.map((x) => ({ ...x, destroyedAt: x.destroyedAt.toISOString() })),
});
const proposalJson = (p: ProposalView) => ({
  ...p,
  decidedAt: p.decidedAt?.toISOString() ?? null,
  items: p.items.map((i) => ({ ...i, executedAt: i.executedAt?.toISOString() ?? null })),
});

const zipResponse = {
  200: {
    description: 'ZIP of SIP packages (one folder with mets.xml per file)',
    content: { 'application/zip': { schema: {} } },
  },
  ...commonErrors,
  404: problem('No such proposal or package'),
};

export function registerOfficeApi(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/records/office',
    {
      schema: {
        tags,
        summary: 'Records office (spisovna): files handed over, by year of disposal',
        security,
        querystring: Type.Object(
          {
            disposalYear: Type.Optional(Type.Integer({ minimum: 1900, maximum: 9999 })),
            due: Type.Optional(
              Type.Boolean({ description: 'Only stored items whose year of disposal has come' }),
            ),
            mark: Type.Optional(Type.String({ enum: ['A', 'S'] })),
            status: Type.Optional(Type.String({ enum: ['stored', 'proposed', 'destroyed', 'archived'] })),
            q: Type.Optional(Type.String({ maxLength: 200 })),
            page: Type.Optional(Type.Integer({ minimum: 1 })),
            pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(Entry),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
            currentYear: Type.Integer(),
          }),
          ...commonErrors,
          422: problem('Invalid filter'),
        },
      },
    },
    async (request) =>
      listOffice(ctx, request.actor, tenantOf(request), {
        ...request.query,
        mark: request.query.mark as 'A' | 'S' | undefined,
        status: request.query.status as never,
      }),
  );

  app.post(
    '/api/v1/records/office',
    {
      schema: {
        tags,
        summary: 'Hand a closed file over to the records office (PredaniNaSpisovnu)',
        security,
        body: Type.Object(
          { fileId: Uuid, location: Type.Optional(Nullable(Type.String({ maxLength: 100 }))) },
          { additionalProperties: false },
        ),
        response: { ...entryResponses, 201: EntryDetail },
      },
    },
    async (request, reply) => {
      const d = await handOverFile(ctx, request.actor, tenantOf(request), request.body.fileId, request.body);
      return reply.code(201).send(detailJson(d));
    },
  );

  app.get(
    '/api/v1/records/office/:id',
    {
      schema: {
        tags,
        summary: 'An item of the records office with its loans',
        security,
        params: IdParams,
        response: entryResponses,
      },
    },
    async (request) =>
      detailJson(await getOfficeEntry(ctx, request.actor, tenantOf(request), request.params.id)),
  );

  app.post(
    '/api/v1/records/office/:id/loan',
    {
      schema: {
        tags,
        summary: 'Lend the file to a member of staff until a due date',
        security,
        params: IdParams,
        body: Type.Object(
          {
            borrowerId: Uuid,
            dueOn: Type.String({ format: 'date' }),
            note: Type.Optional(Nullable(Type.String({ maxLength: MAX_LOAN_NOTE }))),
          },
          { additionalProperties: false },
        ),
        response: entryResponses,
      },
    },
    async (request) =>
      detailJson(await lendEntry(ctx, request.actor, tenantOf(request), request.params.id, request.body)),
  );

  app.post(
    '/api/v1/records/office/:id/return',
    {
      schema: {
        tags,
        summary: 'Take a lent file back into the records office',
        security,
        params: IdParams,
        body: Type.Optional(Type.Object({}, { additionalProperties: false })),
        response: entryResponses,
      },
    },
    async (request) => detailJson(await returnLoan(ctx, request.actor, tenantOf(request), request.params.id)),
  );

  app.get(
    '/api/v1/records/disposal-proposals',
    {
      schema: {
        tags,
        summary: 'Disposal proposals (skartační návrhy), newest first',
        security,
        response: {
          200: Type.Array(
            Type.Object({
              id: Uuid,
              number: Type.String(),
              status: Type.String(),
              createdOn: Type.String({ format: 'date' }),
              items: Type.Integer(),
            }),
          ),
          ...commonErrors,
        },
      },
    },
    async (request) => listProposals(ctx, request.actor, tenantOf(request)),
  );

  app.post(
    '/api/v1/records/disposal-proposals',
    {
      schema: {
        tags,
        summary: 'Build a disposal proposal of items whose year of disposal has come (all or nothing)',
        security,
        body: EntryIds,
        response: { ...proposalResponses, 201: Proposal },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(proposalJson(await createProposal(ctx, request.actor, tenantOf(request), request.body))),
  );

  app.get(
    '/api/v1/records/disposal-proposals/:id',
    {
      schema: {
        tags,
        summary: 'A disposal proposal with its items',
        security,
        params: IdParams,
        response: proposalResponses,
      },
    },
    async (request) =>
      proposalJson(await getProposal(ctx, request.actor, tenantOf(request), request.params.id)),
  );

  app.get(
    '/api/v1/records/disposal-proposals/:id/sip.zip',
    {
      schema: {
        tags,
        summary:
          'SIP packages for the disposal procedure (LABEL "Datový balíček pro provedení skartačního řízení")',
        security,
        params: IdParams,
        produces: ['application/zip'],
        response: zipResponse,
      },
    },
    async (request, reply) => {
      const out = await exportProposalSip(ctx, request.actor, tenantOf(request), request.params.id);
      return reply
        .type('application/zip')
        .header('content-disposition', contentDisposition(out.filename))
        .send(out.zip);
    },
  );

  void app.register(async (scoped) => {
    scoped.addContentTypeParser(
      ['application/xml', 'text/xml'],
      { parseAs: 'string', bodyLimit: MAX_DECISION_XML },
      (_req, body, done) => done(null, body),
    );
    scoped.withTypeProvider<TypeBoxTypeProvider>().post(
      '/api/v1/records/disposal-proposals/:id/decision',
      {
        schema: {
          tags,
          summary: "Import the archive's decision (Seznam per nsesss-DA.xsd): A or S per item",
          description:
            'Send the XML as application/xml. Every item must be named once by its file PID with "vybrat za archiválii" (A), "zničit" or "vyřadit z výběru" (S).',
          security,
          params: IdParams,
          consumes: ['application/xml'],
          response: { ...proposalResponses, 415: problem('Not XML') },
        },
      },
      async (request) => {
        if (
          typeof request.body !== 'string' ||
          !/^(application|text)\/xml\b/i.test(request.headers['content-type'] ?? '')
        )
          throw new AppError('unsupported-media-type', "Send the archive's decision as application/xml.");
        return proposalJson(
          await importDecision(ctx, request.actor, tenantOf(request), request.params.id, request.body),
        );
      },
    );
  });

  app.post(
    '/api/v1/records/disposal-proposals/:id/destroy',
    {
      schema: {
        tags,
        summary:
          'Destroy the items the archive marked S: content removed, metadata stub and audit kept (Zniceni)',
        description:
          'An item marked A (or not decided, or on loan) refuses the whole call with 409; nothing is changed.',
        security,
        params: IdParams,
        body: EntryIds,
        response: proposalResponses,
      },
    },
    async (request) =>
      proposalJson(
        await destroyItems(ctx, request.actor, tenantOf(request), request.params.id, request.body),
      ),
  );

  app.post(
    '/api/v1/records/disposal-proposals/:id/transfer',
    {
      schema: {
        tags,
        summary:
          'Transfer the items the archive marked A: SIP with the files kept, items marked transferred (Prenos)',
        security,
        params: IdParams,
        body: EntryIds,
        response: proposalResponses,
      },
    },
    async (request) =>
      proposalJson(
        await transferItems(ctx, request.actor, tenantOf(request), request.params.id, request.body),
      ),
  );

  app.get(
    '/api/v1/records/disposal-proposals/:id/transfer.zip',
    {
      schema: {
        tags,
        summary:
          'The transfer package (LABEL "Datový balíček pro předávání dokumentů a jejich metadat do archivu", fileSec, komponenty/)',
        security,
        params: IdParams,
        produces: ['application/zip'],
        response: zipResponse,
      },
    },
    async (request, reply) => {
      const out = await readTransferPackage(ctx, request.actor, tenantOf(request), request.params.id);
      return reply
        .type('application/zip')
        .header('content-disposition', contentDisposition(out.filename))
        .send(out.zip);
    },
  );
}
