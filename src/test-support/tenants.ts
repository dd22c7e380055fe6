import { type Actor, withOperator } from '../platform/db/tenant.js';
import type { Tenant } from '../platform/db/types.js';
import { newId } from '../platform/ids.js';
import type { TestContext } from './context.js';

export const TEST_OPERATOR: Actor = {
  userId: null,
  label: 'test operator',
  roles: ['operator'],
  tenantId: null,
  kind: 'operator',
};

/** A bare tenant row for tests of kernel parts below the tenancy service. */
export async function createTestTenant(
  ctx: TestContext,
  slug: string,
  extra: Partial<Pick<Tenant, 'country' | 'time_zone' | 'locale' | 'name' | 'ico'>> = {},
): Promise<Tenant> {
  return withOperator(ctx.db, TEST_OPERATOR, ({ trx }) =>
    trx
      .insertInto('tenant')
      .values({
        id: newId(),
        slug,
        kind: 'municipality',
        name: extra.name ?? `Obec ${slug}`,
        ico: extra.ico ?? null,
        databox_id: null,
        country: extra.country ?? 'CZ',
        time_zone: extra.time_zone ?? 'Europe/Prague',
        locale: extra.locale ?? 'cs',
        parent_id: null,
        address: JSON.stringify({}),
        contacts: JSON.stringify({}),
        office_hours: JSON.stringify([]),
        settings: JSON.stringify({}),
      })
      .returningAll()
      .executeTakeFirstOrThrow(),
  );
}
