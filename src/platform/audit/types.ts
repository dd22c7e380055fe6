/** One row of `audit_event` (DESIGN.md §6), as read back for export and verification. */
export interface AuditEventRow {
  tenantId: string;
  /** Gap-free per tenant, starting at 1. */
  seq: number;
  at: Date;
  /** null when nobody is signed in (e.g. a failed sign-in). */
  actorId: string | null;
  actorLabel: string;
  /** NSESSS `TypUdalostiId` code (see codes.ts); other values export as `TypUdalostiText`. */
  eventType: string;
  /** NSESSS `TypObjektuId` code (see codes.ts); other values export as `TypObjektuText`. */
  objectType: string;
  objectId: string | null;
  params: Record<string, unknown>;
  prevHash: string;
  hash: string;
}
