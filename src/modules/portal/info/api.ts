/**
 * JSON API of the public information pages (`/api/v1/info-pages`): staff read the tree, create
 * pages and publish new versions. Public readers use the HTML pages under /{tenant}/informace.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../../platform/context.js';
import type { Actor } from '../../../platform/db/tenant.js';
import { AppError } from '../../../platform/errors.js';
import { infoPolicy } from './policy.js';
import { createPage, getPage, listPages, updatePage } from './service.js';

const DateTime = Type.Unsafe<Date>({ type: 'string', format: 'date-time' });
const PageFields = {
  id: Type.String({ format: 'uuid' }),
  slug: Type.String(),
  parentSlug: Type.Union([Type.String(), Type.Null()]),
  position: Type.Integer(),
  version: Type.Integer(),
  title: Type.String(),
  body: Type.String(),
  producedBy: Type.String({ description: 'Metryczka: who produced the information' }),
  producedOn: Type.String({ format: 'date' }),
  enteredBy: Type.String({ description: 'Metryczka: who entered it' }),
  publishedAt: DateTime,
  createdAt: DateTime,
};
const PageSchema = Type.Object(PageFields);
const VersionSchema = Type.Object({
  version: Type.Integer(),
  title: Type.String(),
  body: Type.String(),
  producedBy: Type.String(),
  producedOn: Type.String({ format: 'date' }),
  enteredBy: Type.String(),
  publishedAt: DateTime,
  changeNote: Type.String(),
});
const DetailSchema = Type.Object({
  ...PageFields,
  children: Type.Array(PageSchema),
  versions: Type.Array(VersionSchema, { description: 'Change register, newest first' }),
});
const EditFields = {
  title: Type.String({ maxLength: 200 }),
  body: Type.String({ maxLength: 100000 }),
  producedBy: Type.String({ maxLength: 200 }),
  producedOn: Type.Optional(Type.String({ format: 'date' })),
  changeNote: Type.Optional(Type.String({ maxLength: 500 })),
};
const Problem = Type.Object(
  { type: Type.String(), title: Type.String(), status: Type.Integer(), detail: Type.String() },
  { additionalProperties: true },
);
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});

function editor(request: FastifyRequest): Actor {
  if (!request.user) throw new AppError('unauthorized', 'Sign in or send an API token.');
  infoPolicy.require(request.actor, 'info.edit', { tenantId: request.actor.tenantId });
  return request.actor;
}

function tenantId(request: FastifyRequest): string {
  const id = request.actor.tenantId;
  if (!id) throw new AppError('forbidden', 'Pages belong to a tenant.');
  return id;
}

export function infoApi(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['info'];
  const security: Record<string, string[]>[] = [{ session: [] }, { token: [] }];
  const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9-]{1,60}$' }) });

  r.get(
    '/api/v1/info-pages',
    {
      schema: {
        tags,
        summary: 'The tenant’s information pages in tree order (publisher, tenant_admin)',
        security,
        response: { 200: Type.Array(PageSchema), 401: problem('Not signed in'), 403: problem('Not allowed') },
      },
    },
    async (request) => {
      editor(request);
      return listPages(ctx, tenantId(request));
    },
  );

  r.get(
    '/api/v1/info-pages/:slug',
    {
      schema: {
        tags,
        summary: 'One page with its sub-pages and change register',
        security,
        params: SlugParams,
        response: {
          200: DetailSchema,
          401: problem('Not signed in'),
          403: problem('Not allowed'),
          404: problem('Not found'),
        },
      },
    },
    async (request) => {
      editor(request);
      return getPage(ctx, tenantId(request), request.params.slug);
    },
  );

  r.post(
    '/api/v1/info-pages',
    {
      schema: {
        tags,
        summary: 'Create a page (version 1, published at once)',
        security,
        body: Type.Object(
          {
            slug: Type.String({ maxLength: 60 }),
            parentSlug: Type.Optional(Type.String({ maxLength: 60 })),
            ...EditFields,
          },
          { additionalProperties: false },
        ),
        response: {
          201: DetailSchema,
          401: problem('Not signed in'),
          403: problem('Not allowed'),
          409: problem('The address is taken'),
          422: problem('Invalid data'),
        },
      },
    },
    async (request, reply) => {
      const page = await createPage(ctx, editor(request), request.body);
      return reply.code(201).header('location', `/api/v1/info-pages/${page.slug}`).send(page);
    },
  );

  r.put(
    '/api/v1/info-pages/:slug',
    {
      schema: {
        tags,
        summary: 'Publish a new version of a page (the old one stays in the change register)',
        security,
        params: SlugParams,
        body: Type.Object(EditFields, { additionalProperties: false }),
        response: {
          200: DetailSchema,
          401: problem('Not signed in'),
          403: problem('Not allowed'),
          404: problem('Not found'),
          422: problem('Invalid data'),
        },
      },
    },
    async (request) => updatePage(ctx, editor(request), request.params.slug, request.body),
  );
}
