/**
 * Links between resolutions: a "revokuje" clause revokes an earlier resolution, a "mění" clause
 * amends one. Both ends show the link ("revoked by 0123/05/2026"). Pure rules.
 */
import type { Clause } from './material.js';

export type LinkKind = 'revokes' | 'amends';

export interface ClauseRef {
  clauseIndex: number;
  kind: LinkKind;
  number: string;
}

/** The references the clauses make, in clause order. */
export function clauseRefs(clauses: readonly Clause[]): ClauseRef[] {
  const out: ClauseRef[] = [];
  clauses.forEach((c, i) => {
    const number = c.ref?.trim();
    if (!number) return;
    if (c.verb === 'revokuje') out.push({ clauseIndex: i, kind: 'revokes', number });
    if (c.verb === 'meni') out.push({ clauseIndex: i, kind: 'amends', number });
  });
  return out;
}

export interface Referenced {
  id: string;
  number: string;
  bodyId: string;
  adoptedOn: string;
  /** Number of the resolution that revoked it already, if any. */
  revokedBy: string | null;
}

export interface RefIssue {
  field: string;
  code: 'refUnknown' | 'refOtherBody' | 'refRevoked' | 'refSelf' | 'refTwice';
  message: string;
}

/**
 * Checks what the clauses point at: the earlier resolution exists in the tenant, belongs to the
 * same body, is not revoked already, is not this very resolution, and is named once per kind.
 */
export function checkRefs(
  refs: readonly ClauseRef[],
  found: ReadonlyMap<string, Referenced>,
  bodyId: string,
  selfNumber: string | null = null,
): RefIssue[] {
  const issues: RefIssue[] = [];
  const seen = new Set<string>();
  for (const r of refs) {
    const field = `clauses/${r.clauseIndex}/ref`;
    const key = `${r.kind}:${r.number}`;
    if (seen.has(key)) {
      issues.push({ field, code: 'refTwice', message: `Resolution ${r.number} is named twice.` });
      continue;
    }
    seen.add(key);
    if (selfNumber && r.number === selfNumber) {
      issues.push({ field, code: 'refSelf', message: 'A resolution cannot revoke or amend itself.' });
      continue;
    }
    const x = found.get(r.number);
    if (!x) {
      issues.push({
        field,
        code: 'refUnknown',
        message: `There is no adopted resolution number ${r.number}.`,
      });
    } else if (x.bodyId !== bodyId) {
      issues.push({
        field,
        code: 'refOtherBody',
        message: `Resolution ${r.number} was adopted by another body; a body revokes or amends its own.`,
      });
    } else if (x.revokedBy) {
      issues.push({
        field,
        code: 'refRevoked',
        message: `Resolution ${r.number} has already been revoked by ${x.revokedBy}.`,
      });
    }
  }
  return issues;
}
