/**
 * JSON API of the tenant register (`/api/v1/tenants`, the operator's), the signed-in user's own
 * tenant (`/api/v1/tenant`) and its org units (`/api/v1/org-units`). Routes only translate HTTP
 * to use cases; the services check permissions again.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../context.js';
import type { Actor } from '../db/tenant.js';
import { AppError } from '../errors.js';
import { TENANT_COUNTRIES, TENANT_KINDS } from './domain.js';
import { tenancyPolicy } from './policy.js';
import {
  createOrgUnit,
  createTenant,
  getOrgUnit,
  getTenant,
  listOrgUnits,
  listTenants,
  updateOrgUnit,
  updateTenant,
} from './service.js';

const Str = (max: number, extra: object = {}) => Type.String({ maxLength: max, ...extra });
const NullableStr = (max: number) => Type.Union([Type.String({ maxLength: max }), Type.Null()]);

const Address = Type.Object(
  {
    street: Type.Optional(NullableStr(200)),
    city: Type.Optional(NullableStr(200)),
    postcode: Type.Optional(NullableStr(10)),
  },
  { additionalProperties: false },
);
const Contacts = Type.Object(
  {
    email: Type.Optional(NullableStr(254)),
    phone: Type.Optional(NullableStr(30)),
    web: Type.Optional(NullableStr(300)),
  },
  { additionalProperties: false },
);
const OfficeHoursRow = Type.Object({ days: Str(100), hours: Str(100) }, { additionalProperties: false });
const OfficeHours = Type.Array(OfficeHoursRow, { maxItems: 14 });
const Settings = Type.Object(
  { referenceNumberTemplate: Type.Optional(NullableStr(100)), intakeEmail: Type.Optional(NullableStr(254)) },
  { additionalProperties: false },
);

const Kind = Type.Enum([...TENANT_KINDS]);
const Country = Type.Enum([...TENANT_COUNTRIES]);
const Locale = Type.Enum(['cs', 'en', 'pl']);
/** Services hand out Date; the serializer writes it as an ISO 8601 string. */
const DateTime = Type.Unsafe<Date>({ type: 'string', format: 'date-time' });

const TenantSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  slug: Type.String({ description: 'Path of the public portal: /{slug}/' }),
  kind: Kind,
  name: Type.String(),
  ico: Type.Union([Type.String(), Type.Null()], {
    description: 'IČO (CZ, 8 digits) or REGON (PL, 9 or 14 digits)',
  }),
  databoxId: Type.Union([Type.String(), Type.Null()], { description: 'ISDS data-box ID (CZ only)' }),
  country: Country,
  timeZone: Type.String(),
  locale: Locale,
  address: Type.Object({
    street: Type.Optional(Type.String()),
    city: Type.Optional(Type.String()),
    postcode: Type.Optional(Type.String()),
  }),
  contacts: Type.Object({
    email: Type.Optional(Type.String()),
    phone: Type.Optional(Type.String()),
    web: Type.Optional(Type.String()),
  }),
  officeHours: Type.Array(Type.Object({ days: Type.String(), hours: Type.String() })),
  settings: Type.Object(
    { referenceNumberTemplate: Type.Optional(Type.String()), intakeEmail: Type.Optional(Type.String()) },
    { additionalProperties: true },
  ),
  parentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  active: Type.Boolean(),
  createdAt: DateTime,
});

const PublicInfoFields = {
  databoxId: Type.Optional(NullableStr(20)),
  locale: Type.Optional(Locale),
  address: Type.Optional(Type.Union([Address, Type.Null()])),
  contacts: Type.Optional(Type.Union([Contacts, Type.Null()])),
  officeHours: Type.Optional(Type.Union([OfficeHours, Type.Null()])),
  settings: Type.Optional(Type.Union([Settings, Type.Null()])),
};

const TenantCreateBody = Type.Object(
  {
    slug: Str(50),
    kind: Kind,
    name: Str(300),
    country: Country,
    ico: Type.Optional(NullableStr(20)),
    timeZone: Type.Optional(Str(60)),
    parentId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
    ...PublicInfoFields,
    admin: Type.Optional(
      Type.Object(
        {
          username: Str(64),
          displayName: Str(200),
          email: Type.Optional(NullableStr(254)),
          password: Str(200),
        },
        {
          additionalProperties: false,
          description: "The tenant's first tenant_admin, created in the same transaction",
        },
      ),
    ),
  },
  { additionalProperties: false },
);

const TenantPatchBody = Type.Object(
  {
    slug: Type.Optional(Str(50)),
    kind: Type.Optional(Kind),
    name: Type.Optional(Str(300)),
    country: Type.Optional(Country),
    ico: Type.Optional(NullableStr(20)),
    timeZone: Type.Optional(Str(60)),
    parentId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
    active: Type.Optional(Type.Boolean()),
    ...PublicInfoFields,
  },
  { additionalProperties: false, minProperties: 1 },
);

const OwnTenantPatchBody = Type.Object(PublicInfoFields, { additionalProperties: false, minProperties: 1 });

const OrgUnitSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  parentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  code: Type.String(),
  name: Type.String(),
  isRecordsPoint: Type.Boolean({ description: 'spisový uzel: keeps its own register of documents' }),
  active: Type.Boolean(),
  createdAt: DateTime,
});

const OrgUnitCreateBody = Type.Object(
  {
    code: Str(40),
    name: Str(300),
    parentId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
    isRecordsPoint: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const OrgUnitPatchBody = Type.Object(
  {
    code: Type.Optional(Str(40)),
    name: Type.Optional(Str(300)),
    parentId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
    isRecordsPoint: Type.Optional(Type.Boolean()),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({ field: Type.String(), message: Type.String(), code: Type.Optional(Type.String()) }),
      ),
    ),
  },
  { additionalProperties: true },
);

function problem(description: string) {
  return { description, content: { 'application/problem+json': { schema: ProblemSchema } } };
}

const P401 = { 401: problem('Not signed in') };
const P403 = { 403: problem('Not allowed') };
const P404 = { 404: problem('Not found (or belongs to another tenant)') };
const P422 = { 422: problem('Invalid data; `errors` lists the fields, each with a stable `code`') };
const P400 = { 400: problem('Malformed request (e.g. an id that is no UUID)') };

/** The signed-in actor, or 401. */
function signedIn(request: FastifyRequest): Actor {
  if (!request.user) throw new AppError('unauthorized', 'Sign in or send an API token.');
  return request.actor;
}

function operator(request: FastifyRequest): Actor {
  const actor = signedIn(request);
  tenancyPolicy.require(actor, 'tenant.manage');
  return actor;
}

export function tenancyApi(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tenantTags = ['tenants'];
  const unitTags = ['org-units'];
  const security: Record<string, string[]>[] = [{ session: [] }, { token: [] }];

  r.get(
    '/api/v1/tenants',
    {
      schema: {
        tags: tenantTags,
        summary: 'List all tenants (hosting operator)',
        security,
        response: {
          200: Type.Array(TenantSchema, { description: 'All tenants, inactive ones too' }),
          ...P401,
          ...P403,
        },
      },
    },
    async (request) => listTenants(ctx, operator(request)),
  );

  r.post(
    '/api/v1/tenants',
    {
      schema: {
        tags: tenantTags,
        summary: 'Create a tenant, optionally with its first tenant_admin (hosting operator)',
        security,
        body: TenantCreateBody,
        response: {
          201: { ...TenantSchema, description: 'The new tenant' },
          ...P401,
          ...P403,
          ...P422,
          409: problem('The slug is already taken'),
        },
      },
    },
    async (request, reply) => {
      const tenant = await createTenant(ctx, operator(request), request.body);
      return reply.code(201).header('location', `/api/v1/tenants/${tenant.id}`).send(tenant);
    },
  );

  r.get(
    '/api/v1/tenants/:id',
    {
      schema: {
        tags: tenantTags,
        summary: 'One tenant (hosting operator)',
        security,
        params: IdParams,
        response: { 200: { ...TenantSchema, description: 'The tenant' }, ...P400, ...P401, ...P403, ...P404 },
      },
    },
    async (request) => getTenant(ctx, operator(request), request.params.id),
  );

  r.patch(
    '/api/v1/tenants/:id',
    {
      schema: {
        tags: tenantTags,
        summary: 'Change a tenant (hosting operator); objects merge, null clears a value',
        security,
        params: IdParams,
        body: TenantPatchBody,
        response: {
          200: { ...TenantSchema, description: 'The tenant' },
          ...P400,
          ...P401,
          ...P403,
          ...P404,
          ...P422,
        },
      },
    },
    async (request) => updateTenant(ctx, operator(request), request.params.id, request.body),
  );

  r.get(
    '/api/v1/tenant',
    {
      schema: {
        tags: tenantTags,
        summary: "The signed-in user's own tenant",
        security,
        response: { 200: { ...TenantSchema, description: 'The tenant' }, ...P401, ...P404 },
      },
    },
    async (request) => {
      const actor = signedIn(request);
      if (!actor.tenantId) throw new AppError('not-found', 'Operator accounts belong to no tenant.');
      return getTenant(ctx, actor, actor.tenantId);
    },
  );

  r.patch(
    '/api/v1/tenant',
    {
      schema: {
        tags: tenantTags,
        summary: "Change the own tenant's public information (tenant_admin)",
        description:
          'Contacts, address, office hours, data-box ID, default language and the reference-number template. ' +
          'Name, slug, IČO, kind, country, time zone and parent are changed by the hosting operator.',
        security,
        body: OwnTenantPatchBody,
        response: { 200: { ...TenantSchema, description: 'The tenant' }, ...P401, ...P403, ...P404, ...P422 },
      },
    },
    async (request) => {
      const actor = signedIn(request);
      if (!actor.tenantId) throw new AppError('not-found', 'Operator accounts belong to no tenant.');
      return updateTenant(ctx, actor, actor.tenantId, request.body);
    },
  );

  r.get(
    '/api/v1/org-units',
    {
      schema: {
        tags: unitTags,
        summary: "The own tenant's org units (odbory, spisové uzly); parentId links the tree",
        security,
        querystring: Type.Object(
          { includeInactive: Type.Optional(Type.Boolean({ default: false })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Array(OrgUnitSchema, { description: 'The units, ordered by name' }),
          ...P401,
          ...P403,
        },
      },
    },
    async (request) => {
      const actor = signedIn(request);
      return listOrgUnits(ctx, actor, actor.tenantId, {
        includeInactive: request.query.includeInactive ?? false,
      });
    },
  );

  r.post(
    '/api/v1/org-units',
    {
      schema: {
        tags: unitTags,
        summary: 'Create an org unit (tenant_admin)',
        security,
        body: OrgUnitCreateBody,
        response: { 201: { ...OrgUnitSchema, description: 'The new unit' }, ...P401, ...P403, ...P422 },
      },
    },
    async (request, reply) => {
      const actor = signedIn(request);
      const unit = await createOrgUnit(ctx, actor, actor.tenantId, request.body);
      return reply.code(201).header('location', `/api/v1/org-units/${unit.id}`).send(unit);
    },
  );

  r.get(
    '/api/v1/org-units/:id',
    {
      schema: {
        tags: unitTags,
        summary: 'One org unit',
        security,
        params: IdParams,
        response: { 200: { ...OrgUnitSchema, description: 'The unit' }, ...P400, ...P401, ...P403, ...P404 },
      },
    },
    async (request) => {
      const actor = signedIn(request);
      return getOrgUnit(ctx, actor, actor.tenantId, request.params.id);
    },
  );

  r.patch(
    '/api/v1/org-units/:id',
    {
      schema: {
        tags: unitTags,
        summary:
          'Rename, move (parentId), flag, deactivate (active: false) or reactivate an org unit (tenant_admin)',
        security,
        params: IdParams,
        body: OrgUnitPatchBody,
        response: {
          200: { ...OrgUnitSchema, description: 'The unit' },
          ...P400,
          ...P401,
          ...P403,
          ...P404,
          ...P422,
        },
      },
    },
    async (request) => {
      const actor = signedIn(request);
      return updateOrgUnit(ctx, actor, actor.tenantId, request.params.id, request.body);
    },
  );
}
