/** JSON API of the file plan: /api/v1/records/plan… */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { NEW_RETENTION_MARKS, TRIGGER_EVENTS } from './domain/retention.js';
import { commonErrors, problem, security, tenantOf } from './http-common.js';
import {
  addGroup,
  addRegime,
  createPlanVersion,
  exportPlanXml,
  getFilePlan,
  importPlanXml,
  listPlanVersions,
  MAX_PLAN_XML,
} from './plan-service.js';

const tags = ['records'];
const Uuid = Type.String({ format: 'uuid' });
const IsoDay = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Plan = Type.Object({
  id: Uuid,
  version: Type.Integer(),
  identifier: Type.String(),
  name: Type.String(),
  validFrom: IsoDay,
  validTo: Nullable(IsoDay),
});
const TriggerName = Type.String({ enum: Object.keys(TRIGGER_EVENTS), description: 'Trigger event code' });
const Numbering = Type.Union([Type.Literal('priorace'), Type.Literal('sberny_arch')]);
const Regime = Type.Object({
  id: Uuid,
  planId: Uuid,
  identifier: Type.String(),
  name: Type.String(),
  justification: Type.String(),
  mark: Type.String({ description: 'A (archive) or S (destroy); V only on legacy rows' }),
  period: Type.Integer({ minimum: 0, maximum: 999 }),
  trigger: Type.String(),
});
const Group = Type.Object({
  id: Uuid,
  planId: Uuid,
  parentId: Nullable(Uuid),
  code: Type.String({ description: 'Simple code (≤ 50)' }),
  fullCode: Type.String({ description: 'Fully qualified code: the ancestors’ codes joined by dots (≤ 255)' }),
  title: Type.String(),
  numbering: Numbering,
  retentionId: Nullable(Uuid),
  regime: Nullable(Regime),
  openedOn: IsoDay,
  closedOn: Nullable(IsoDay),
  depth: Type.Integer(),
});
const FilePlan = Type.Object({ plan: Plan, regimes: Type.Array(Regime), groups: Type.Array(Group) });

export function registerPlanApi(root: FastifyInstance, ctx: AppContext): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/records/plan',
    {
      schema: {
        tags,
        summary: 'The file plan (spisový plán): current version, or the version given',
        security,
        querystring: Type.Object({ planId: Type.Optional(Uuid) }, { additionalProperties: false }),
        response: { 200: FilePlan, ...commonErrors, 404: problem('No plan (yet), or no such version') },
      },
    },
    async (request) => {
      const plan = await getFilePlan(ctx, request.actor, tenantOf(request), request.query.planId ?? null);
      if (!plan) throw notFound('The file plan');
      return plan;
    },
  );

  app.get(
    '/api/v1/records/plan/versions',
    {
      schema: {
        tags,
        summary: 'All versions of the file plan, newest first',
        security,
        response: { 200: Type.Array(Plan), ...commonErrors },
      },
    },
    async (request) => listPlanVersions(ctx, request.actor, tenantOf(request)),
  );

  app.post(
    '/api/v1/records/plan/versions',
    {
      schema: {
        tags,
        summary: 'Start a new plan version (copies the current groups and regimes)',
        security,
        body: Type.Object(
          {
            identifier: Type.String({ minLength: 1, maxLength: 50 }),
            name: Type.String({ minLength: 1, maxLength: 500 }),
            validFrom: Type.Optional(IsoDay),
          },
          { additionalProperties: false },
        ),
        response: { 201: Plan, ...commonErrors, 422: problem('Invalid data') },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createPlanVersion(ctx, request.actor, tenantOf(request), request.body)),
  );

  app.post(
    '/api/v1/records/plan/regimes',
    {
      schema: {
        tags,
        summary: 'Add a retention regime (skartační režim) to the current plan; mark V is refused',
        security,
        body: Type.Object(
          {
            identifier: Type.String({ minLength: 1, maxLength: 50 }),
            name: Type.String({ minLength: 1, maxLength: 500 }),
            justification: Type.String({ minLength: 1, maxLength: 2000 }),
            mark: Type.String({
              minLength: 1,
              maxLength: 1,
              description: `One of ${NEW_RETENTION_MARKS.join(', ')}`,
            }),
            period: Type.Integer({ minimum: 0, maximum: 999 }),
            trigger: TriggerName,
          },
          { additionalProperties: false },
        ),
        response: {
          201: Regime,
          ...commonErrors,
          409: problem('No plan yet'),
          422: problem('Invalid regime'),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addRegime(ctx, request.actor, tenantOf(request), request.body)),
  );

  app.post(
    '/api/v1/records/plan/groups',
    {
      schema: {
        tags,
        summary: 'Add a subject group (věcná skupina) to the current plan',
        security,
        body: Type.Object(
          {
            parentId: Type.Optional(Nullable(Uuid)),
            code: Type.String({ minLength: 1, maxLength: 50 }),
            title: Type.String({ minLength: 1, maxLength: 500 }),
            numbering: Type.Optional(Numbering),
            retentionId: Type.Optional(Nullable(Uuid)),
          },
          { additionalProperties: false },
        ),
        response: { 201: Group, ...commonErrors, 409: problem('No plan yet'), 422: problem('Invalid group') },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addGroup(ctx, request.actor, tenantOf(request), request.body)),
  );

  app.get(
    '/api/v1/records/plan/export.xml',
    {
      schema: {
        tags,
        summary: 'The plan as NSESSS XML (nsesss-plan.xsd)',
        security,
        querystring: Type.Object({ planId: Type.Optional(Uuid) }, { additionalProperties: false }),
        produces: ['application/xml'],
        response: {
          200: Type.String({ description: 'SpisovyPlan XML' }),
          ...commonErrors,
          404: problem('No plan'),
          409: problem('Empty plan'),
        },
      },
    },
    async (request, reply) => {
      const { xml, plan } = await exportPlanXml(
        ctx,
        request.actor,
        tenantOf(request),
        request.query.planId ?? null,
      );
      return reply
        .type('application/xml; charset=utf-8')
        .header('content-disposition', `attachment; filename="spisovy-plan-v${plan.version}.xml"`)
        .send(xml);
    },
  );

  // The import takes the XML as the request body; the parser is scoped to this route only.
  void app.register(async (scoped) => {
    scoped.addContentTypeParser(
      ['application/xml', 'text/xml'],
      { parseAs: 'string', bodyLimit: MAX_PLAN_XML },
      (_req, body, done) => done(null, body),
    );
    scoped.withTypeProvider<TypeBoxTypeProvider>().post(
      '/api/v1/records/plan/import',
      {
        schema: {
          tags,
          summary: 'Import a plan from NSESSS XML as a new version (all or nothing)',
          description:
            'Send the XML as application/xml. It must validate against nsesss-plan.xsd and the records rules (no mark V, codes).',
          security,
          consumes: ['application/xml'],
          response: {
            201: FilePlan,
            ...commonErrors,
            415: problem('Not XML'),
            422: problem('Invalid file; nothing was imported'),
          },
        },
      },
      async (request, reply) => {
        if (
          typeof request.body !== 'string' ||
          !/^(application|text)\/xml\b/i.test(request.headers['content-type'] ?? '')
        )
          throw new AppError('unsupported-media-type', 'Send the plan as application/xml.');
        return reply.code(201).send(await importPlanXml(ctx, request.actor, tenantOf(request), request.body));
      },
    );
  });
}
