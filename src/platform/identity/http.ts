/**
 * The identity request hooks and the helpers other modules' routes use.
 *
 * onRequest: resolves `Authorization: Bearer sp_…` or the `sid` cookie to request.user / actor /
 * session / tenant (and the user's language), and keeps anonymous people out of `/app/**`
 * (pages redirect to /login?next=…, other methods get 401).
 *
 * preValidation (after the body is parsed, before it is validated): the CSRF check. Every
 * POST/PUT/PATCH/DELETE authenticated by the session cookie must carry the session's token as
 *   - header `x-csrf-token` (htmx, fetch, JSON API calls),
 *   - form field `_csrf` (urlencoded forms), or
 *   - query parameter `_csrf` (multipart forms: use `csrfAction(url, token)` as the form action,
 *     because a multipart body is streamed by the handler, after this check).
 * `_csrf` is removed from the body and query before validation, so schemas need not mention it.
 * Exempt: requests authenticated by a bearer token (no ambient credential), requests without a
 * session (nothing to ride on), and routes with `config: { csrf: false }` (the JSON sign-in, which
 * accepts only application/json: a cross-site form cannot send that without a CORS preflight).
 * The sign-in form, before any session exists, uses a double-submit token (`config: { csrf:
 * 'pre-session' }`): an HttpOnly SameSite=Strict `csrf_pre` cookie matched against `_csrf`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import type { SignedInUser } from '../http/request-context.js';
import { isLocale, translator } from '../i18n/index.js';
import type { Role } from './policy.js';
import { newSecret, resolveSession, SESSION_COOKIE } from './session.js';
import { resolveApiToken } from './token.js';
import type { Principal } from './types.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * `false`: no session CSRF check (only for routes that refuse what a cross-site form can send);
     * `'pre-session'`: the sign-in form's double-submit token.
     */
    csrf?: false | 'pre-session';
  }
  interface FastifyRequest {
    /** How the request proved who it is. */
    authVia: 'session' | 'token' | null;
    /** A `sid` cookie came along but names no live session (expired, signed out elsewhere). */
    sessionExpired: boolean;
  }
}

export const CSRF_PRE_COOKIE = 'csrf_pre';
export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// --- cookies ----------------------------------------------------------------------------------------

/** `HttpOnly; SameSite=Lax; Path=/`, and `Secure` when the request came over TLS (honours TRUST_PROXY). */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, value: string): void {
  reply.setCookie(SESSION_COOKIE, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
  });
}

/** The sign-in form's double-submit token: reuses the browser's cookie or sets a fresh one. */
export function preSessionToken(request: FastifyRequest, reply: FastifyReply): string {
  const existing = request.cookies[CSRF_PRE_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = newSecret();
  reply.setCookie(CSRF_PRE_COOKIE, token, {
    path: '/login',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
  });
  return token;
}

// --- helpers for routes -------------------------------------------------------------------------------

/** The signed-in user, or 401 (`unauthorized`). Pages under /app never get here anonymously. */
export function requireUser(request: FastifyRequest): SignedInUser {
  if (!request.user)
    throw new AppError('unauthorized', 'Sign in first: send the session cookie or an API token.');
  return request.user;
}

/** The signed-in user holding at least one of the roles; 401 when anonymous, 403 otherwise. */
export function requireRole(request: FastifyRequest, ...roles: Role[]): SignedInUser {
  const user = requireUser(request);
  if (!user.roles.some((r) => roles.includes(r as Role)))
    throw new AppError('forbidden', 'You are not allowed to do this.');
  return user;
}

/** A local path to return to after sign-in; anything else (other hosts, `//x`, `/\x`) becomes /app. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2000) return '/app';
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/app';
  // Spaces and control characters (incl. a smuggled CR/LF) have no place in a path we redirect to.
  if ([...next].some((c) => c.charCodeAt(0) < 0x21 || c.charCodeAt(0) === 0x7f) || /\s/.test(next))
    return '/app';
  return next;
}

export function loginUrl(next: string, opts: { expired?: boolean } = {}): string {
  const q = new URLSearchParams();
  const target = safeNext(next);
  if (target !== '/app') q.set('next', target);
  if (opts.expired) q.set('expired', '1');
  const s = q.toString();
  return s ? `/login?${s}` : '/login';
}

/**
 * preHandler for page routes outside /app that need a signed-in user (under /app this is
 * automatic): `app.get('/x', { preHandler: pageAuth }, …)`.
 */
export async function pageAuth(request: FastifyRequest, reply: FastifyReply) {
  if (!request.user) return reply.redirect(loginUrl(request.url, { expired: request.sessionExpired }), 303);
}

/** Form action for a multipart form: the CSRF token rides in the query string. */
export function csrfAction(action: string, token: string | undefined): string {
  if (!token) return action;
  return `${action}${action.includes('?') ? '&' : '?'}${CSRF_FIELD}=${encodeURIComponent(token)}`;
}

/** Value for `hx-headers` (on <body> or a container): htmx then sends the token with every request. */
export function csrfHxHeaders(token: string | undefined): string | undefined {
  return token ? JSON.stringify({ [CSRF_HEADER]: token }) : undefined;
}

// --- the hooks ------------------------------------------------------------------------------------

function sameToken(supplied: unknown, expected: string | undefined): boolean {
  if (typeof supplied !== 'string' || !expected) return false;
  const a = Buffer.from(supplied);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function takeField(container: unknown): string | undefined {
  if (!container || typeof container !== 'object' || Array.isArray(container)) return undefined;
  const obj = container as Record<string, unknown>;
  if (!(CSRF_FIELD in obj)) return undefined;
  const v = obj[CSRF_FIELD];
  delete obj[CSRF_FIELD];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : undefined;
}

function applyPrincipal(request: FastifyRequest, p: Principal): void {
  request.user = p.user;
  request.actor = p.actor;
  request.session = p.session;
  request.authVia = p.via;
  request.tenant ??= p.tenant;
  // The user's own language applies unless the lang switch (query or cookie) chose one.
  const q = (request.query as Record<string, unknown> | undefined)?.lang;
  if (!isLocale(q) && !isLocale(request.cookies.lang)) {
    const locale = p.user.locale ?? p.tenant?.locale;
    if (locale && locale !== request.locale) {
      request.locale = locale;
      request.t = translator(locale);
    }
  }
}

/** Paths that never depend on who asks: no session lookup (a page load fetches several of them). */
const ANONYMOUS_PATHS = /^\/(static\/|healthz$|readyz$|favicon\.ico$)/;

function isStaffArea(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return path === '/app' || path.startsWith('/app/');
}

export function installIdentityHooks(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('authVia', null);
  app.decorateRequest('sessionExpired', false);

  app.addHook('onRequest', async (request, reply) => {
    if (ANONYMOUS_PATHS.test(request.url.split('?')[0] ?? '')) return;
    const auth = request.headers.authorization;
    if (auth !== undefined) {
      const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
      const principal = m ? await resolveApiToken(ctx, m[1]!) : null;
      if (!principal) {
        reply.header('www-authenticate', 'Bearer error="invalid_token"');
        throw new AppError('unauthorized', 'The API token is not valid, has expired or has been revoked.');
      }
      applyPrincipal(request, principal);
    } else {
      const sid = request.cookies[SESSION_COOKIE];
      if (sid !== undefined) {
        const principal = await resolveSession(ctx, sid);
        if (principal) applyPrincipal(request, principal);
        else {
          request.sessionExpired = true;
          clearSessionCookie(request, reply);
        }
      }
    }
    if (!request.user && isStaffArea(request.url)) {
      if (request.method === 'GET' || request.method === 'HEAD') {
        return reply.redirect(loginUrl(request.url, { expired: request.sessionExpired }), 303);
      }
      throw new AppError('unauthorized', 'Sign in first.');
    }
  });

  app.addHook('preValidation', async (request) => {
    const fromBody = takeField(request.body);
    const fromQuery = takeField(request.query);
    if (!UNSAFE_METHODS.has(request.method)) return;
    const mode = request.routeOptions.config?.csrf;
    if (mode === false) return;
    if (mode === 'pre-session') {
      if (!sameToken(fromBody, request.cookies[CSRF_PRE_COOKIE])) throw csrfError();
      return;
    }
    if (!request.session) return;
    const header = request.headers[CSRF_HEADER];
    const supplied = (typeof header === 'string' ? header : undefined) ?? fromBody ?? fromQuery;
    if (!sameToken(supplied, request.session.csrfToken)) throw csrfError();
  });
}

function csrfError(): AppError {
  return new AppError(
    'csrf',
    'The CSRF token is missing or does not belong to this session. Reload the form and try again.',
  );
}
