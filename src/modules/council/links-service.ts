/**
 * Links between resolutions: a "revokuje" / "mění" clause names an earlier resolution by its
 * number. The reference is checked when the clauses are saved (material) and again when the
 * resolution is adopted (422 for a bad one); the adopted resolution is linked to the earlier one
 * both ways, and both the staff API and the public pages show the link.
 */
import type { AppContext } from '../../platform/context.js';
import { type Actor, PUBLIC_ACTOR, withTenant } from '../../platform/db/tenant.js';
import { type FieldError, invalid, notFound } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import { checkRefs, clauseRefs, type LinkKind, type Referenced } from './domain/links.js';
import type { Clause } from './domain/material.js';
import { pdb } from './proceedings-schema.js';
import { type CTx, inTenant, iso } from './service.js';

async function referenced(tx: CTx, numbers: string[]): Promise<Map<string, Referenced>> {
  if (numbers.length === 0) return new Map();
  const rows = await pdb(tx)
    .selectFrom('council_resolution as r')
    .leftJoin('council_resolution_link as l', (j) =>
      j.onRef('l.to_id', '=', 'r.id').on('l.kind', '=', 'revokes'),
    )
    .leftJoin('council_resolution as by', 'by.id', 'l.from_id')
    .select([
      'r.id',
      'r.number',
      'r.body_id',
      iso('r.adopted_on').as('adopted_on'),
      'by.number as revoked_by',
    ])
    .where('r.number', 'in', numbers)
    .execute();
  return new Map(
    rows.map((r) => [
      r.number,
      { id: r.id, number: r.number, bodyId: r.body_id, adoptedOn: r.adopted_on, revokedBy: r.revoked_by },
    ]),
  );
}

/** 422 when a "revokuje"/"mění" clause names no adopted resolution of the same body (and so on). */
export async function assertClauseRefs(
  tx: CTx,
  bodyId: string,
  clauses: readonly Clause[],
  selfNumber: string | null = null,
): Promise<void> {
  const refs = clauseRefs(clauses);
  if (refs.length === 0) return;
  const found = await referenced(
    tx,
    refs.map((r) => r.number),
  );
  const issues = checkRefs(refs, found, bodyId, selfNumber);
  if (issues.length)
    throw invalid(
      issues.map((i) => ({ field: i.field, message: i.message, code: i.code }) as FieldError),
      issues[0]!.message,
    );
}

/** Inside the adopting transaction: checks the references and links the new resolution. */
export async function linkResolution(
  tx: CTx,
  resolution: { id: string; number: string; bodyId: string },
  clauses: readonly Clause[],
): Promise<void> {
  const refs = clauseRefs(clauses);
  if (refs.length === 0) return;
  await assertClauseRefs(tx, resolution.bodyId, clauses, resolution.number);
  const found = await referenced(
    tx,
    refs.map((r) => r.number),
  );
  await pdb(tx)
    .insertInto('council_resolution_link')
    .values(
      refs.map((r) => ({
        tenant_id: tx.tenantId,
        from_id: resolution.id,
        to_id: found.get(r.number)!.id,
        kind: r.kind,
        clause_index: r.clauseIndex,
      })),
    )
    .execute();
}

export interface ResolutionLink {
  kind: LinkKind;
  /** `outgoing`: this resolution revokes/amends the other; `incoming`: the other revokes/amends this one. */
  direction: 'outgoing' | 'incoming';
  id: string;
  number: string;
  adoptedOn: string;
}

export interface ResolutionLinks {
  revokes: ResolutionLink[];
  amends: ResolutionLink[];
  revokedBy: ResolutionLink | null;
  amendedBy: ResolutionLink[];
}

export async function loadLinks(tx: CTx, resolutionId: string): Promise<ResolutionLinks> {
  const db = pdb(tx);
  const out = await db
    .selectFrom('council_resolution_link as l')
    .innerJoin('council_resolution as r', 'r.id', 'l.to_id')
    .select(['l.kind', 'r.id', 'r.number', iso('r.adopted_on').as('adopted_on')])
    .where('l.from_id', '=', resolutionId)
    .orderBy('l.clause_index')
    .execute();
  const inc = await db
    .selectFrom('council_resolution_link as l')
    .innerJoin('council_resolution as r', 'r.id', 'l.from_id')
    .select(['l.kind', 'r.id', 'r.number', iso('r.adopted_on').as('adopted_on')])
    .where('l.to_id', '=', resolutionId)
    .orderBy('r.adopted_on')
    .orderBy('r.seq')
    .execute();
  const view = (direction: ResolutionLink['direction']) => (r: (typeof out)[number]) => ({
    kind: r.kind as LinkKind,
    direction,
    id: r.id,
    number: r.number,
    adoptedOn: r.adopted_on,
  });
  return {
    revokes: out.filter((r) => r.kind === 'revokes').map(view('outgoing')),
    amends: out.filter((r) => r.kind === 'amends').map(view('outgoing')),
    revokedBy: inc.filter((r) => r.kind === 'revokes').map(view('incoming'))[0] ?? null,
    amendedBy: inc.filter((r) => r.kind === 'amends').map(view('incoming')),
  };
}

export async function getResolutionLinks(
  ctx: AppContext,
  actor: Actor,
  resolutionId: string,
): Promise<ResolutionLinks> {
  if (!isUuid(resolutionId)) throw notFound('The resolution');
  return inTenant(ctx, actor, 'council.read', async (tx) => {
    const r = await tx.db
      .selectFrom('council_resolution')
      .select('id')
      .where('id', '=', resolutionId)
      .executeTakeFirst();
    if (!r) throw notFound('The resolution');
    return loadLinks(tx, resolutionId);
  });
}

/** For the public pages: adopted resolutions are public, and so are their links. */
export async function getPublicResolutionLinks(
  ctx: AppContext,
  tenantId: string,
  resolutionId: string,
): Promise<ResolutionLinks> {
  if (!isUuid(resolutionId)) throw notFound('The resolution');
  return withTenant(
    ctx.db,
    tenantId,
    PUBLIC_ACTOR,
    (tx) => loadLinks({ ...tx, db: tx.trx as unknown as CTx['db'] }, resolutionId),
    { now: ctx.clock.now() },
  );
}
