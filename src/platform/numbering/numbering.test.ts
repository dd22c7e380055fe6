import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test-support/context.js';
import { createTestTenant } from '../../test-support/tenants.js';
import type { TenantTx } from '../db/tenant.js';
import { SYSTEM_ACTOR, withTenant } from '../db/tenant.js';
import { allocateNumber, allocateRuns, currentNumber } from './index.js';

let ctx: TestContext;
let tenantA: string;
let tenantB: string;

beforeAll(async () => {
  ctx = await createTestContext();
  tenantA = (await createTestTenant(ctx, 'numbering-a')).id;
  tenantB = (await createTestTenant(ctx, 'numbering-b')).id;
});
afterAll(() => ctx.close());

describe('allocateNumber', () => {
  it('hands out 1..64 exactly once to 64 parallel transactions', async () => {
    const got = await Promise.all(
      Array.from({ length: 64 }, () =>
        withTenant(ctx.db, tenantA, SYSTEM_ACTOR, (tx) => allocateNumber(tx, 'cj', 2026)),
      ),
    );
    expect([...got].sort((a, b) => a - b)).toEqual(Array.from({ length: 64 }, (_, i) => i + 1));
  });

  it('gives a rolled-back number to the next caller (no gap)', async () => {
    const before = await withTenant(ctx.db, tenantA, SYSTEM_ACTOR, (tx) =>
      currentNumber(tx, 'rollback', 2026),
    );
    await expect(
      withTenant(ctx.db, tenantA, SYSTEM_ACTOR, async (tx) => {
        await allocateNumber(tx, 'rollback', 2026);
        throw new Error('the registration failed');
      }),
    ).rejects.toThrow('the registration failed');
    const next = await withTenant(ctx.db, tenantA, SYSTEM_ACTOR, (tx) =>
      allocateNumber(tx, 'rollback', 2026),
    );
    expect(next).toBe(before + 1);
  });

  it('keeps separate series per tenant, series and year', async () => {
    const a1 = await withTenant(ctx.db, tenantA, SYSTEM_ACTOR, (tx) =>
      allocateNumber(tx, 'resolution', 2026),
    );
    const a2 = await withTenant(ctx.db, tenantA, SYSTEM_ACTOR, (tx) =>
      allocateNumber(tx, 'resolution', 2027),
    );
    const b1 = await withTenant(ctx.db, tenantB, SYSTEM_ACTOR, (tx) =>
      allocateNumber(tx, 'resolution', 2026),
    );
    const a3 = await withTenant(ctx.db, tenantA, SYSTEM_ACTOR, (tx) =>
      allocateNumber(tx, 'resolution', 2026),
    );
    expect([a1, a2, b1, a3]).toEqual([1, 1, 1, 2]);
  });
});

/** One run of one series: its first number. */
const allocateNumbers = async (tx: TenantTx, series: string, year: number, count: number) =>
  (await allocateRuns(tx, [{ series, year, count }]))[0]!;

describe('allocateRuns (a run for a batch)', () => {
  it('interleaves runs and single numbers without gaps or overlaps', async () => {
    const runs = await Promise.all(
      [3, 1, 5, 2, 1, 4].map((count) =>
        withTenant(ctx.db, tenantB, SYSTEM_ACTOR, async (tx) => {
          const first = await allocateNumbers(tx, 'batch', 2026, count);
          return Array.from({ length: count }, (_, i) => first + i);
        }),
      ),
    );
    const all = runs.flat().sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    const next = await withTenant(ctx.db, tenantB, SYSTEM_ACTOR, (tx) => allocateNumber(tx, 'batch', 2026));
    expect(next).toBe(17);
  });

  it('gives a rolled-back run back whole', async () => {
    await expect(
      withTenant(ctx.db, tenantB, SYSTEM_ACTOR, async (tx) => {
        await allocateNumbers(tx, 'batch-rollback', 2026, 10);
        throw new Error('the batch failed');
      }),
    ).rejects.toThrow('the batch failed');
    const first = await withTenant(ctx.db, tenantB, SYSTEM_ACTOR, (tx) =>
      allocateNumbers(tx, 'batch-rollback', 2026, 2),
    );
    expect(first).toBe(1);
  });

  it('takes runs of two series in one call, each continuing its own counter', async () => {
    await withTenant(ctx.db, tenantB, SYSTEM_ACTOR, (tx) => allocateNumbers(tx, 'runs-ref', 2026, 4));
    const firsts = await withTenant(ctx.db, tenantB, SYSTEM_ACTOR, (tx) =>
      allocateRuns(tx, [
        { series: 'runs-ref', year: 2026, count: 3 },
        { series: 'runs-pid', year: 0, count: 3 },
      ]),
    );
    expect(firsts).toEqual([5, 1]);
    const after = await withTenant(ctx.db, tenantB, SYSTEM_ACTOR, async (tx) => [
      await currentNumber(tx, 'runs-ref', 2026),
      await currentNumber(tx, 'runs-pid', 0),
    ]);
    expect(after).toEqual([7, 3]);
  });

  it.each([0, -1, 1.5])('refuses a count of %s', async (count) => {
    await expect(
      withTenant(ctx.db, tenantB, SYSTEM_ACTOR, (tx) => allocateNumbers(tx, 'batch-bad', 2026, count)),
    ).rejects.toThrow(RangeError);
  });
});
