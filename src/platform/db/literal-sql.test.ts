import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import { literalSql } from './tenant.js';
import type { DB } from './types.js';

// A statement sent with BEGIN (TxOptions.opening) holds its values as literals: only values that
// cannot end a quoted literal may be written in; anything else makes the caller take the
// parameterised way (null).
const one = (value: unknown) => literalSql({ sql: 'SELECT $1 AS v', parameters: [value] });

describe('literalSql: one value', () => {
  it.each<[string, unknown, string | null]>([
    ['a UUID', '0193a0b2-7c1e-7d3f-9a4b-5c6d7e8f9a0b', "SELECT '0193a0b2-7c1e-7d3f-9a4b-5c6d7e8f9a0b' AS v"],
    [
      'an upper-case UUID',
      '0193A0B2-7C1E-7D3F-9A4B-5C6D7E8F9A0B',
      "SELECT '0193A0B2-7C1E-7D3F-9A4B-5C6D7E8F9A0B' AS v",
    ],
    ['IČO-like digits (kept a string)', '25596641', "SELECT '25596641' AS v"],
    ['IČO with leading zeros', '00297534', "SELECT '00297534' AS v"],
    ['a data-box ID', 'abc2def', "SELECT 'abc2def' AS v"],
    ['letters, digits and _.:-', 'MUHL-12.2026', "SELECT 'MUHL-12.2026' AS v"],
    ['an ISO-like time of _.:- only', '2026-03-10T09:00:00.000Z', "SELECT '2026-03-10T09:00:00.000Z' AS v"],
    ['the empty string', '', "SELECT '' AS v"],
    ['exactly 100 characters', 'x'.repeat(100), `SELECT '${'x'.repeat(100)}' AS v`],
    ['101 characters', 'x'.repeat(101), null],
    ['an integer', 42, 'SELECT 42 AS v'],
    ['zero', 0, 'SELECT 0 AS v'],
    ['a negative integer (could start a comment after a minus)', -7, null],
    ['a fraction', 1.5, 'SELECT 1.5 AS v'],
    ['NaN', Number.NaN, null],
    ['Infinity', Number.POSITIVE_INFINITY, null],
    ['-Infinity', Number.NEGATIVE_INFINITY, null],
    ['a quote', "O'Brien", null],
    ['a lone quote', "'", null],
    ['a quote-ending attempt', "x'; DROP TABLE tenant; --", null],
    ['a backslash', 'a\\b', null],
    ['a space', 'Jana Nováková', null],
    ['a single space', ' ', null],
    ['a dollar', '$1', null],
    ['dollar quoting', '$$', null],
    ['a semicolon', 'a;b', null],
    ['a slash (comment start)', 'a/*b', null],
    ['a double quote', 'a"b', null],
    ['a Czech letter', 'Hlučín', null],
    ['a trailing newline', 'abc\n', null],
    ['a NUL byte', 'a\u0000b', null],
    ['null', null, null],
    ['undefined', undefined, null],
    ['a Date', new Date('2026-03-10T09:00:00Z'), null],
    ['an array', ['a', 'b'], null],
    ['an empty array', [], null],
    ['a bigint', 1n, null],
    ['a boolean', true, null],
    ['an object', { a: 1 }, null],
    ['a Buffer', Buffer.from('ab'), null],
  ])('%s', (_, value, expected) => {
    expect(one(value)).toBe(expected);
  });
});

describe('literalSql: statements', () => {
  it('writes no parameters: the statement as it is', () => {
    expect(literalSql({ sql: 'SELECT 1', parameters: [] })).toBe('SELECT 1');
  });

  it('null as soon as any one value may not be written in', () => {
    expect(literalSql({ sql: 'SELECT $1, $2, $3', parameters: ['a', "b'", 3] })).toBeNull();
    expect(literalSql({ sql: 'SELECT $1, $2, $3', parameters: ['a', 'b', null] })).toBeNull();
  });

  it('$10 and $11 are not read as $1 followed by a digit', () => {
    const parameters = Array.from({ length: 12 }, (_, i) => `p${i + 1}`);
    const text = `SELECT ${parameters.map((_, i) => `$${i + 1}`).join(', ')}`;
    expect(literalSql({ sql: text, parameters })).toBe(
      "SELECT 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9', 'p10', 'p11', 'p12'",
    );
  });

  it('the same parameter used twice, and parameters out of order', () => {
    expect(
      literalSql({
        sql: 'SELECT $2 + $1 WHERE $1 = $10 OR $2 = 1',
        parameters: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      }),
    ).toBe('SELECT 2 + 1 WHERE 1 = 10 OR 2 = 1');
  });

  // A negative number written after a unary minus (Kysely's eb.neg compiles to `-$1`) becomes
  // `--7`: a comment to the end of the line, and Kysely's statements are one line. The rest of the
  // statement is silently dropped (`select --7 as "x" from "t" where …` is a bare `select`).
  // Negative numbers are refused for that reason.
  it('a negative number after a unary minus does not start a comment', () => {
    const written = literalSql({ sql: 'select -$1 as "x" from "t" where "a" = $2', parameters: [-7, 1] });
    expect(written).toBeNull();
  });

  it('a query compiled by Kysely (PostgreSQL dialect) with ≥ 10 parameters', () => {
    const db = new Kysely<DB>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (k) => new PostgresIntrospector(k),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
    });
    const tenant = '0193a0b2-7c1e-7d3f-9a4b-5c6d7e8f9a0b';
    const icos = Array.from({ length: 10 }, (_, i) => String(25596640 + i));
    const compiled = db
      .selectFrom('tenant as t')
      .select(['t.slug'])
      .where('t.id', '=', tenant)
      .where('t.ico', 'in', icos)
      .limit(5)
      .compile();
    expect(compiled.parameters).toHaveLength(12);
    const written = literalSql(compiled);
    expect(written).toBe(
      `select "t"."slug" from "tenant" as "t" where "t"."id" = '${tenant}' and "t"."ico" in (${icos
        .map((i) => `'${i}'`)
        .join(', ')}) limit 5`,
    );
    expect(written).not.toMatch(/\$\d/);
  });
});
