/**
 * The OParl 1.1 read API of a tenant: `GET /{tenant}/oparl/v1/system` is the entry point; from
 * there every object and list is reached by the URLs in the objects. Anonymous, read only, CORS
 * open (the spec asks for it), JSON; lists paginated with `page` and `limit` and filtered by
 * `created_since|until` and `modified_since|until`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import type { Tenant } from '../../platform/db/types.js';
import { invalid, notFound } from '../../platform/errors.js';
import { type OParlObject, paginate, readListQuery } from './domain/oparl.js';
import { LIST_PATHS, meetingsOf, OBJECT_PATHS, type OParlWorld, oparlWorld } from './oparl-service.js';

const siteUrl = (request: FastifyRequest, ctx: AppContext) =>
  (ctx.config.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '');

function send(reply: FastifyReply, body: unknown) {
  return reply
    .type('application/json; charset=utf-8')
    .header('access-control-allow-origin', '*')
    .send(JSON.stringify(body));
}

export function councilOParlApi(app: FastifyInstance, ctx: AppContext): void {
  const hide = { schema: { hide: true } };
  const world = (request: FastifyRequest): Promise<OParlWorld> =>
    oparlWorld(ctx, request.tenant as Tenant, siteUrl(request, ctx));

  const list = (request: FastifyRequest, reply: FastifyReply, objects: OParlObject[], listUrl: string) => {
    const query = readListQuery(request.query as Record<string, unknown>);
    if (query.issues.length) throw invalid(query.issues, 'The list parameters are not valid.');
    return send(reply, paginate(objects, listUrl, query));
  };

  app.get('/:tenant/oparl/v1/system', hide, async (request, reply) =>
    send(reply, (await world(request)).system),
  );
  app.get('/:tenant/oparl/v1/body', hide, async (request, reply) => send(reply, (await world(request)).body));
  app.get('/:tenant/oparl/v1/bodies', hide, async (request, reply) => {
    const w = await world(request);
    return list(request, reply, [w.body], `${w.base}/bodies`);
  });

  const byList = new Map(Object.entries(LIST_PATHS).map(([t, p]) => [p, t as keyof typeof LIST_PATHS]));
  const byObject = new Map(Object.entries(OBJECT_PATHS).map(([t, p]) => [p, t as keyof typeof OBJECT_PATHS]));

  app.get<{ Params: { tenant: string; list: string } }>(
    '/:tenant/oparl/v1/:list',
    hide,
    async (request, reply) => {
      const type = byList.get(request.params.list);
      if (!type) throw notFound('The OParl list');
      const w = await world(request);
      return list(request, reply, w.lists[type], `${w.base}/${request.params.list}`);
    },
  );

  app.get<{ Params: { tenant: string; key: string } }>(
    '/:tenant/oparl/v1/organization/:key/meetings',
    hide,
    async (request, reply) => {
      const w = await world(request);
      const org = `${w.base}/${OBJECT_PATHS.Organization}/${encodeURIComponent(request.params.key)}`;
      if (!w.lists.Organization.some((o) => o.id === org)) throw notFound('The organization');
      return list(request, reply, meetingsOf(w, request.params.key), `${org}/meetings`);
    },
  );

  app.get<{ Params: { tenant: string; type: string; key: string } }>(
    '/:tenant/oparl/v1/:type/:key',
    hide,
    async (request, reply) => {
      const type = byObject.get(request.params.type);
      if (!type) throw notFound('The OParl object');
      const w = await world(request);
      const id = `${w.base}/${request.params.type}/${encodeURIComponent(request.params.key)}`;
      const found = w.lists[type].find((o) => o.id === id);
      if (!found) throw notFound('The OParl object');
      return send(reply, found);
    },
  );
}
