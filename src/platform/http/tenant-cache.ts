import type { Kysely } from 'kysely';
import type { DB, Tenant } from '../db/types.js';

const TTL_MS = 30_000;
// A slug that was not found may be created any moment by the operator: forget that sooner.
const MISS_TTL_MS = 2_000;

/**
 * Public pages resolve `/{slug}/` on every request; the register changes rarely, so each node
 * keeps it for a few seconds. A change shows on every node within TTL_MS.
 */
export class TenantCache {
  private entries = new Map<string, { tenant: Tenant | null; at: number }>();
  constructor(private readonly db: Kysely<DB>) {}

  async bySlug(slug: string): Promise<Tenant | null> {
    const hit = this.entries.get(slug);
    if (hit && Date.now() - hit.at < (hit.tenant ? TTL_MS : MISS_TTL_MS)) return hit.tenant;
    const tenant = /^[a-z0-9-]{1,50}$/.test(slug)
      ? ((await this.db
          .selectFrom('tenant')
          .selectAll()
          .where('slug', '=', slug)
          .where('active', '=', true)
          .executeTakeFirst()) ?? null)
      : null;
    this.entries.set(slug, { tenant, at: Date.now() });
    return tenant;
  }

  clear(): void {
    this.entries.clear();
  }
}
