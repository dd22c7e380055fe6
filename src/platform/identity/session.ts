/**
 * Server-side sessions (table `session`). The cookie is `<tenantId | 'op'>.<secret>`: the part
 * before the dot picks the tenant context, so even the lookup runs under row-level security;
 * the database keeps only the SHA-256 of the secret, so a leaked table signs nobody in.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../context.js';
import { SYSTEM_ACTOR, type TenantTx } from '../db/tenant.js';
import { isUuid, newId } from '../ids.js';
import { inScope } from './scope.js';
import { actorOf, type Principal } from './types.js';

export const SESSION_COOKIE = 'sid';
/** A session unused this long ends (the absolute limit is config.sessionTtlHours). */
export const IDLE_TIMEOUT_MS = 2 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, so reading pages does not write on every request. */
export const TOUCH_INTERVAL_MS = 60 * 1000;

const OPERATOR_PART = 'op';
const SECRET_RE = /^[A-Za-z0-9_-]{43}$/;

/** 32 random bytes, base64url (43 characters). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** The scope part of cookies and API tokens: the tenant id, or 'op' for the operator. */
export function scopePart(tenantId: string | null): string {
  return tenantId ?? OPERATOR_PART;
}

export function parseScopePart(part: string): { tenantId: string | null } | null {
  if (part === OPERATOR_PART) return { tenantId: null };
  return isUuid(part) ? { tenantId: part.toLowerCase() } : null;
}

export function parseSessionCookie(
  value: string | undefined,
): { tenantId: string | null; secret: string } | null {
  if (!value || value.length > 100) return null;
  const dot = value.indexOf('.');
  if (dot < 0) return null;
  const scope = parseScopePart(value.slice(0, dot));
  const secret = value.slice(dot + 1);
  if (!scope || !SECRET_RE.test(secret)) return null;
  return { tenantId: scope.tenantId, secret };
}

/** Whether a session row is still good at `now` (absolute expiry and idle timeout). */
export function sessionAlive(row: { expires_at: Date; last_seen_at: Date }, now: Date): boolean {
  return (
    row.expires_at.getTime() > now.getTime() && row.last_seen_at.getTime() + IDLE_TIMEOUT_MS > now.getTime()
  );
}

export interface NewSession {
  id: string;
  /** The value of the `sid` cookie; shown to nobody else and stored nowhere. */
  cookieValue: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Opens a session inside the caller's transaction (the sign-in's, with its audit entry). */
export async function createSession(
  tx: TenantTx,
  input: {
    userId: string;
    tenantId: string | null;
    ttlHours: number;
    ip?: string | null;
    userAgent?: string | null;
  },
): Promise<NewSession> {
  const secret = newSecret();
  const csrfToken = newSecret();
  const id = newId();
  const expiresAt = new Date(tx.now.getTime() + input.ttlHours * 3600 * 1000);
  await tx.trx
    .insertInto('session')
    .values({
      id,
      tenant_id: input.tenantId,
      user_id: input.userId,
      token_hash: sha256Hex(secret),
      csrf_token: csrfToken,
      created_at: tx.now,
      last_seen_at: tx.now,
      expires_at: expiresAt,
      ip: input.ip?.slice(0, 100) ?? null,
      user_agent: input.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { id, cookieValue: `${scopePart(input.tenantId)}.${secret}`, csrfToken, expiresAt };
}

/**
 * Who the `sid` cookie belongs to, or null when it is unknown, expired (idle or absolute), or
 * its user or tenant has been deactivated. An expired row is deleted on the way.
 */
export async function resolveSession(
  ctx: AppContext,
  cookieValue: string | undefined,
): Promise<Principal | null> {
  const parsed = parseSessionCookie(cookieValue);
  if (!parsed) return null;
  const now = ctx.clock.now();
  return inScope(ctx, parsed.tenantId, SYSTEM_ACTOR, async ({ trx }) => {
    const row = await trx
      .selectFrom('session as s')
      .innerJoin('app_user as u', 'u.id', 's.user_id')
      .select([
        's.id as session_id',
        's.csrf_token',
        's.expires_at',
        's.last_seen_at',
        'u.id',
        'u.tenant_id',
        'u.username',
        'u.display_name',
        'u.roles',
        'u.locale',
        'u.active',
      ])
      .where('s.token_hash', '=', sha256Hex(parsed.secret))
      .executeTakeFirst();
    if (!row) return null;
    const tenant = row.tenant_id
      ? ((await trx.selectFrom('tenant').selectAll().where('id', '=', row.tenant_id).executeTakeFirst()) ??
        null)
      : null;
    if (!sessionAlive(row, now) || !row.active || (row.tenant_id && !tenant?.active)) {
      await trx.deleteFrom('session').where('id', '=', row.session_id).execute();
      return null;
    }
    if (now.getTime() - row.last_seen_at.getTime() >= TOUCH_INTERVAL_MS) {
      await trx.updateTable('session').set({ last_seen_at: now }).where('id', '=', row.session_id).execute();
    }
    return {
      user: {
        id: row.id,
        tenantId: row.tenant_id,
        username: row.username,
        displayName: row.display_name,
        roles: [...row.roles],
        locale: row.locale,
      },
      actor: actorOf(row),
      tenant,
      session: { id: row.session_id, csrfToken: row.csrf_token },
      via: 'session',
    };
  });
}
