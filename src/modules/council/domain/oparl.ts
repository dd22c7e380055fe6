/**
 * OParl 1.1 (https://oparl.org/spezifikation/) shapes and rules that need no database: type URIs,
 * the paginated object list ({data, pagination, links}) and its filters. Pure: values in, values out.
 */

export const OPARL_VERSION = 'https://schema.oparl.org/1.1/';
export const OPARL_TYPES = [
  'System',
  'Body',
  'LegislativeTerm',
  'Organization',
  'Person',
  'Membership',
  'Meeting',
  'AgendaItem',
  'Paper',
  'Consultation',
  'File',
  'Location',
] as const;
export type OParlType = (typeof OPARL_TYPES)[number];
export const typeUri = (t: OParlType): string => `${OPARL_VERSION}${t}`;

export type OParlObject = { id: string; type: string; created: string; modified: string } & Record<
  string,
  unknown
>;

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface ListQuery {
  page?: unknown;
  limit?: unknown;
  created_since?: unknown;
  created_until?: unknown;
  modified_since?: unknown;
  modified_until?: unknown;
}

export interface ListIssue {
  field: string;
  message: string;
}

const whole = (v: unknown): number | null =>
  typeof v === 'string' && /^\d{1,9}$/.test(v)
    ? Number(v)
    : typeof v === 'number' && Number.isInteger(v)
      ? v
      : null;

function instant(v: unknown): number | null {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

/** Reads the list parameters; malformed values are issues (the route answers 422). */
export function readListQuery(q: ListQuery): {
  page: number;
  limit: number;
  filters: { key: 'created' | 'modified'; since: boolean; at: number; raw: string }[];
  issues: ListIssue[];
} {
  const issues: ListIssue[] = [];
  let page = 1;
  let limit = DEFAULT_PAGE_SIZE;
  if (q.page !== undefined) {
    const p = whole(q.page);
    if (p === null || p < 1) issues.push({ field: 'page', message: 'A page number from 1.' });
    else page = p;
  }
  if (q.limit !== undefined) {
    const l = whole(q.limit);
    if (l === null || l < 1 || l > MAX_PAGE_SIZE)
      issues.push({ field: 'limit', message: `Between 1 and ${MAX_PAGE_SIZE}.` });
    else limit = l;
  }
  const filters: { key: 'created' | 'modified'; since: boolean; at: number; raw: string }[] = [];
  for (const key of ['created', 'modified'] as const)
    for (const since of [true, false]) {
      const name = `${key}_${since ? 'since' : 'until'}` as keyof ListQuery;
      const raw = q[name];
      if (raw === undefined) continue;
      const at = instant(raw);
      if (at === null) issues.push({ field: name, message: 'A date and time as in RFC 3339.' });
      else filters.push({ key, since, at, raw: raw as string });
    }
  return { page, limit, filters, issues };
}

/**
 * One page of an object list as OParl wants it: `data`, `pagination` (totalElements,
 * elementsPerPage, currentPage, totalPages) and `links` (first, prev, next, last, self), with the
 * filters carried over into every link. For lists held in memory; the database lists page in SQL
 * and use `listPage` with the page they read and the total.
 */
export function paginate(
  all: readonly OParlObject[],
  listUrl: string,
  query: ReturnType<typeof readListQuery>,
): OParlPage {
  const kept = all.filter((o) =>
    query.filters.every((f) => {
      const t = Date.parse(o[f.key]);
      return f.since ? t >= f.at : t <= f.at;
    }),
  );
  return listPage(
    kept.slice((query.page - 1) * query.limit, query.page * query.limit),
    kept.length,
    listUrl,
    query,
  );
}

export interface OParlPage {
  data: OParlObject[];
  pagination: Record<string, number>;
  links: Record<string, string>;
}

/** The OParl list envelope of one page (`data` = that page) out of `total` objects. */
export function listPage(
  data: OParlObject[],
  total: number,
  listUrl: string,
  query: ReturnType<typeof readListQuery>,
): OParlPage {
  const totalPages = Math.max(1, Math.ceil(total / query.limit));
  const page = query.page;
  const params = new URLSearchParams();
  for (const f of query.filters) params.set(`${f.key}_${f.since ? 'since' : 'until'}`, f.raw);
  if (query.limit !== DEFAULT_PAGE_SIZE) params.set('limit', String(query.limit));
  const url = (p: number) => {
    const ps = new URLSearchParams(params);
    if (p > 1) ps.set('page', String(p));
    const s = ps.toString();
    return s ? `${listUrl}?${s}` : listUrl;
  };
  const links: Record<string, string> = { first: url(1), self: url(page), last: url(totalPages) };
  if (page > 1) links.prev = url(Math.min(page - 1, totalPages));
  if (page < totalPages) links.next = url(page + 1);
  return {
    data,
    pagination: { totalElements: total, elementsPerPage: query.limit, currentPage: page, totalPages },
    links,
  };
}

/**
 * A date as an OParl date-time: midnight of that day in the tenant's zone (meetings are kept by
 * day), e.g. 2026-03-25 in Europe/Prague → 2026-03-25T00:00:00+01:00.
 */
export function dayStart(date: string, timeZone: string): string {
  const probe = new Date(`${date}T00:00:00Z`);
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(probe)
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const offset = name === 'GMT' ? '+00:00' : name.replace('GMT', '');
  return `${date}T00:00:00${offset}`;
}
