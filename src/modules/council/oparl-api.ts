/**
 * The OParl 1.1 read API of a tenant: `GET /{tenant}/oparl/v1/system` is the entry point; from
 * there every object and list is reached by the URLs in the objects. Anonymous, read only, CORS
 * open (the spec asks for it), JSON; lists paginated with `page` and `limit` (in SQL) and
 * filtered by `created_since|until` and `modified_since|until`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import type { Tenant } from '../../platform/db/types.js';
import { invalid, notFound } from '../../platform/errors.js';
import { listPage, paginate, readListQuery } from './domain/oparl.js';
import { LIST_PATHS, OBJECT_PATHS, oparlEntry, oparlList, oparlObject } from './oparl-service.js';

const siteUrl = (request: FastifyRequest, ctx: AppContext) =>
  (ctx.config.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');

function send(reply: FastifyReply, body: unknown) {
  return reply
    .type('application/json; charset=utf-8')
    .header('access-control-allow-origin', '*')
    .send(JSON.stringify(body));
}

function listQuery(request: FastifyRequest) {
  const query = readListQuery(request.query as Record<string, unknown>);
  if (query.issues.length) throw invalid(query.issues, 'The list parameters are not valid.');
  return query;
}

export function councilOParlApi(app: FastifyInstance, ctx: AppContext): void {
  const hide = { schema: { hide: true } };
  const entry = (request: FastifyRequest) => oparlEntry(ctx, request.tenant as Tenant, siteUrl(request, ctx));

  app.get('/:tenant/oparl/v1/system', hide, async (request, reply) =>
    send(reply, (await entry(request)).system),
  );
  app.get('/:tenant/oparl/v1/body', hide, async (request, reply) => send(reply, (await entry(request)).body));
  app.get('/:tenant/oparl/v1/bodies', hide, async (request, reply) => {
    const query = listQuery(request);
    const e = await entry(request);
    return send(reply, paginate([e.body], `${e.base}/bodies`, query));
  });

  const byList = new Map(Object.entries(LIST_PATHS).map(([t, p]) => [p, t as keyof typeof LIST_PATHS]));
  const byObject = new Map(Object.entries(OBJECT_PATHS).map(([t, p]) => [p, t as keyof typeof OBJECT_PATHS]));

  app.get<{ Params: { tenant: string; list: string } }>(
    '/:tenant/oparl/v1/:list',
    hide,
    async (request, reply) => {
      const type = byList.get(request.params.list);
      if (!type) throw notFound('The OParl list');
      const query = listQuery(request);
      const page = (await oparlList(ctx, request.tenant as Tenant, siteUrl(request, ctx), type, query))!;
      return send(reply, listPage(page.objects, page.total, `${page.base}/${request.params.list}`, query));
    },
  );

  app.get<{ Params: { tenant: string; key: string } }>(
    '/:tenant/oparl/v1/organization/:key/meetings',
    hide,
    async (request, reply) => {
      const query = listQuery(request);
      const page = await oparlList(
        ctx,
        request.tenant as Tenant,
        siteUrl(request, ctx),
        'Meeting',
        query,
        request.params.key,
      );
      if (!page) throw notFound('The organization');
      const org = `${page.base}/${OBJECT_PATHS.Organization}/${encodeURIComponent(request.params.key)}`;
      return send(reply, listPage(page.objects, page.total, `${org}/meetings`, query));
    },
  );

  app.get<{ Params: { tenant: string; type: string; key: string } }>(
    '/:tenant/oparl/v1/:type/:key',
    hide,
    async (request, reply) => {
      const type = byObject.get(request.params.type);
      if (!type) throw notFound('The OParl object');
      const found = await oparlObject(
        ctx,
        request.tenant as Tenant,
        siteUrl(request, ctx),
        type,
        request.params.key,
      );
      if (!found) throw notFound('The OParl object');
      return send(reply, found);
    },
  );
}
