import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../db/tenant.js';
import type { Tenant } from '../db/types.js';
import type { Locale, T } from '../i18n/index.js';

export interface SignedInUser {
  id: string;
  tenantId: string | null;
  username: string;
  displayName: string;
  roles: readonly string[];
  /** The person's preferred language, used when no `lang` cookie or query chose one. */
  locale: Locale | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    t: T;
    /** PUBLIC_ACTOR unless a session or API token says otherwise. */
    actor: Actor;
    user: SignedInUser | null;
    /** Set for cookie sessions; API-token requests have none (and need no CSRF token). */
    session: { id: string; csrfToken: string } | null;
    /** The tenant a public page is about (`/{slug}/…`), or the signed-in user's tenant. */
    tenant: Tenant | null;
  }
}

export function wantsHtml(request: FastifyRequest): boolean {
  if (request.url.startsWith('/api/')) return false;
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html') || (!accept.includes('application/json') && request.method === 'GET');
}

export function redirect(reply: FastifyReply, to: string, code: 302 | 303 = 303) {
  return reply.code(code).redirect(to);
}
