import { type RawBuilder, sql } from 'kysely';
import type { TenantTx } from '../db/tenant.js';

export * from './format.js';

/**
 * Next number of a tenant's series for a year, gap-free: the counter row stays locked until
 * the caller's transaction ends, and a rollback returns the number.
 */
export async function allocateNumber(tx: TenantTx, series: string, year: number): Promise<number> {
  const r = await sql<{ last_value: number }>`
    INSERT INTO number_series (tenant_id, series, year, last_value)
    VALUES (${tx.tenantId}, ${series}, ${year}, 1)
    ON CONFLICT (tenant_id, series, year) DO UPDATE SET last_value = number_series.last_value + 1
    RETURNING last_value`.execute(tx.trx);
  return r.rows[0]!.last_value;
}

/**
 * Consecutive runs of several series in one statement (a batch of registrations: reference
 * numbers and PIDs); returns the first number of each run. The counter rows stay locked until
 * the transaction ends, in the order given, so callers that always name their series in the same
 * order cannot deadlock on them.
 */
export async function allocateRuns(tx: TenantTx, runs: readonly Run[]): Promise<number[]> {
  const r = await allocateRunsSql(tx.tenantId, runs).execute(tx.trx);
  return firstOfRuns(runs, r.rows);
}

export interface Run {
  series: string;
  year: number;
  count: number;
}

/**
 * The statement of `allocateRuns`, for a caller that runs it as a CTE of its own statement
 * (saving the round trip); `firstOfRuns` reads its rows. A run's year may be an expression of
 * that statement, and `when` makes the whole allocation conditional (no rows: nothing taken).
 */
export function allocateRunsSql(
  tenantId: string,
  runs: readonly (Omit<Run, 'year'> & { year: number | RawBuilder<number> })[],
  when?: RawBuilder<unknown>,
) {
  for (const { count } of runs)
    if (!Number.isInteger(count) || count < 1)
      throw new RangeError(`count must be a positive integer: ${count}`);
  const values = sql.join(
    runs.map((r) => sql`(${tenantId}::uuid, ${r.series}, ${r.year}::int, ${r.count}::int)`),
  );
  return sql<{ series: string; year: number; last_value: number }>`
    INSERT INTO number_series (tenant_id, series, year, last_value)
    SELECT * FROM (VALUES ${values}) AS v (tenant_id, series, year, last_value) WHERE ${when ?? sql`true`}
    ON CONFLICT (tenant_id, series, year) DO UPDATE SET last_value = number_series.last_value + EXCLUDED.last_value
    RETURNING series, year, last_value`;
}

/** The first number of each run, from the rows `allocateRunsSql` returned. */
export function firstOfRuns(
  runs: readonly Run[],
  rows: readonly { series: string; year: number | string; last_value: number | string }[],
): number[] {
  return runs.map((run) => {
    const row = rows.find((x) => x.series === run.series && Number(x.year) === run.year)!;
    return Number(row.last_value) - run.count + 1;
  });
}

/** The last number handed out (0 if none), for display and checks. */
export async function currentNumber(tx: TenantTx, series: string, year: number): Promise<number> {
  const row = await tx.trx
    .selectFrom('number_series')
    .select('last_value')
    .where('series', '=', series)
    .where('year', '=', year)
    .executeTakeFirst();
  return row?.last_value ?? 0;
}
