import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { newId } from '../ids.js';
import '../i18n/common.js';
import { PUBLIC_ACTOR } from '../db/tenant.js';
import { DEFAULT_LOCALE, isLocale, translator } from '../i18n/index.js';
import { ErrorPage, pageEnv } from './layout.js';
import { PROBLEM_TITLES, sendProblem, toAppError } from './problem.js';
import { sendPage } from './render.js';
import { wantsHtml } from './request-context.js';
import './request-context.js';
import { TenantCache } from './tenant-cache.js';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

export type App = FastifyInstance;

export interface BuildOptions {
  /** Log to stdout (the server); tests keep quiet. */
  logger?: boolean;
}

/** Slugs a tenant may not take: they are the app's own top-level paths. */
export const RESERVED_SLUGS = [
  'api',
  'app',
  'static',
  'login',
  'logout',
  'healthz',
  'readyz',
  'problems',
  'pristupnost',
  'admin',
  'account',
  'operator',
];

export async function buildApp(ctx: AppContext, opts: BuildOptions = {}): Promise<App> {
  const app = Fastify({
    logger: opts.logger ? { level: ctx.config.logLevel } : false,
    bodyLimit: ctx.config.bodyLimitBytes,
    trustProxy: ctx.config.trustProxy,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming) ? incoming : newId();
    },
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 200 },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Bodies are validated as sent: a number where a string belongs is an error, not "42".
  // Query strings and path parameters are text by nature, so they are coerced to the schema's types.
  const bodyAjv = makeAjv(false);
  const textAjv = makeAjv('array');
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? bodyAjv : textAjv).compile(schema),
  );

  app.decorateRequest('locale', DEFAULT_LOCALE);
  app.decorateRequest('t', null as never);
  app.decorateRequest('actor', null as never);
  app.decorateRequest('user', null);
  app.decorateRequest('session', null);
  app.decorateRequest('tenant', null);

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: ctx.config.bodyLimitBytes });
  await app.register(multipart, {
    limits: { fileSize: ctx.config.uploadLimitBytes, files: 20, fields: 100, fieldSize: 1024 * 1024 },
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
    },
    // Strict-Transport-Security only makes sense behind TLS; the proxy sets it there.
    hsts: false,
    crossOriginEmbedderPolicy: false,
  });

  await app.register(fastifyStatic, {
    root: path.dirname(require.resolve('@gov-design-system-ce/styles/styles.css')),
    prefix: '/static/gov/',
    maxAge: '1d',
  });
  await app.register(fastifyStatic, {
    root: path.join(here, 'static'),
    prefix: '/static/',
    decorateReply: false,
    maxAge: '1h',
  });
  const htmxFile = path.join(path.dirname(require.resolve('htmx.org')), 'htmx.min.js');
  app.get('/static/htmx.min.js', { schema: { hide: true } }, (_req, reply) =>
    reply
      .header('cache-control', 'public, max-age=86400')
      .sendFile(path.basename(htmxFile), path.dirname(htmxFile)),
  );

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Samospráva API',
        version: '1',
        description:
          'JSON API of the Samospráva platform. Errors are RFC 9457 problem documents (application/problem+json). ' +
          'Authenticate with the session cookie from POST /api/v1/auth/login or a personal API token (Authorization: Bearer …).',
        license: { name: 'EUPL-1.2', url: 'https://interoperable-europe.ec.europa.eu/collection/eupl' },
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'sid' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    hideUntagged: true,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    uiConfig: { url: '/api/openapi.json' },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());

  const tenants = new TenantCache(ctx.db);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    request.actor = PUBLIC_ACTOR;
    // Language first, so even a refusal below speaks the language the person chose.
    const q = (request.query as Record<string, unknown> | undefined)?.lang;
    const fromCookie = request.cookies.lang;
    const chosen = isLocale(q) ? q : isLocale(fromCookie) ? fromCookie : null;
    if (isLocale(q))
      reply.setCookie('lang', q, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 24 * 3600 });
    request.locale = chosen ?? DEFAULT_LOCALE;
    request.t = translator(request.locale);
    const params = request.params as Record<string, string> | undefined;
    if (params?.tenant !== undefined) {
      request.tenant = await tenants.bySlug(params.tenant);
      if (!request.tenant) throw new AppError('not-found', `No tenant "${params.tenant}" is hosted here.`);
      // A Polish gmina's portal speaks Polish unless the visitor chose otherwise.
      if (!chosen && request.tenant.locale !== request.locale) {
        request.locale = request.tenant.locale;
        request.t = translator(request.locale);
      }
    }
  });

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`SELECT 1`.execute(ctx.db);
      return { status: 'ready', database: ctx.database.kind };
    } catch {
      return sendProblem(reply, _request, new AppError('unavailable', 'The database is not reachable.'));
    }
  });
  app.get('/problems/:code', { schema: { hide: true } }, async (request, reply) => {
    const code = (request.params as { code: string }).code;
    const title = (PROBLEM_TITLES as Record<string, string>)[code];
    if (!title) throw new AppError('not-found', 'Unknown problem type.');
    return reply
      .type('text/plain; charset=utf-8')
      .send(`${code}: ${title}\nSee docs/api.md for what to do about it.`);
  });

  app.setErrorHandler(async (err, request, reply) => {
    const e = toAppError(err);
    if (e.code === 'internal') request.log.error({ err }, 'unhandled error');
    else request.log.info({ code: e.code, msg: e.message }, 'request refused');
    if (!request.t) request.t = translator(request.locale ?? DEFAULT_LOCALE);
    if (!request.actor) request.actor = PUBLIC_ACTOR;
    if (wantsHtml(request)) {
      const message = humanMessage(request.t, e);
      return sendPage(
        reply,
        ErrorPage({
          env: pageEnv(request, ctx),
          status: e.status,
          message,
          details: e.fields.map((f) => `${f.field}: ${f.message}`),
        }),
        e.status,
      );
    }
    return sendProblem(reply, request, e);
  });
  app.setNotFoundHandler(async (request, reply) => {
    const e = new AppError('not-found', `Nothing is at ${request.method} ${request.url.split('?')[0]}.`);
    if (!request.t) request.t = translator(request.locale ?? DEFAULT_LOCALE);
    if (!request.actor) request.actor = PUBLIC_ACTOR;
    if (wantsHtml(request)) {
      return sendPage(
        reply,
        ErrorPage({ env: pageEnv(request, ctx), status: 404, message: request.t('errors.notFound') }),
        404,
      );
    }
    return sendProblem(reply, request, e);
  });

  for (const m of ctx.modules) if (m.routes) await m.routes(app as unknown as FastifyInstance, ctx);
  return app as unknown as FastifyInstance;
}

function makeAjv(coerceTypes: false | 'array'): Ajv {
  // Unknown fields are an error, not silently dropped; all errors are reported at once.
  const ajv = new Ajv({
    coerceTypes,
    removeAdditional: false,
    useDefaults: true,
    allErrors: true,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

function humanMessage(t: (k: string) => string, e: AppError): string {
  const key: Record<string, string> = {
    'not-found': 'errors.notFound',
    forbidden: 'errors.forbidden',
    unauthorized: 'errors.unauthorized',
    csrf: 'errors.csrf',
    'too-large': 'errors.tooLarge',
    conflict: 'errors.conflict',
    'too-many-requests': 'errors.tooMany',
    locked: 'errors.tooMany',
    internal: 'errors.internal',
  };
  // Validation and domain messages are specific; the generic key would hide what to fix.
  if (e.code === 'validation' || e.code === 'malformed-request')
    return `${t('errors.validation')} ${e.message}`;
  return key[e.code] ? t(key[e.code]!) : e.message;
}
