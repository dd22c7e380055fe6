/**
 * The council's public data as OParl 1.1 objects (read only, no sign-in): one System and one
 * Body per tenant, its council bodies as Organizations, their members as Persons with
 * Memberships, Meetings with AgendaItems, adopted materials as Papers with their Consultation,
 * final minutes as Files, meeting places as Locations, electoral terms as LegislativeTerms. Only
 * published data, and only the redacted texts (the same rules as the public pages). Ids are
 * absolute URLs under `{base}/{tenant}/oparl/v1`.
 *
 * Lists are paged in SQL (one query for the page's keys, filtered by created/modified and
 * counted with a window function), and only the objects of that page are built, so a large city
 * costs no more per request than a village. A single object is built by the same code from the
 * same query restricted to its key, so it is identical to its entry in a list.
 */
import { type RawBuilder, sql, type Transaction } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { Tenant } from '../../platform/db/types.js';
import { isUuid } from '../../platform/ids.js';
import type { Clause } from './domain/material.js';
import {
  dayStart,
  OPARL_VERSION,
  type OParlObject,
  type OParlType,
  paginate,
  type readListQuery,
  typeUri,
} from './domain/oparl.js';
import { resolutionText } from './domain/opendata.js';
import { redact, textSha256 } from './domain/redaction.js';
import { publicTx } from './minutes-service.js';
import type { RedactionDB } from './redaction-schema.js';
import { labelsFor, publicItemTexts, publishedMarks } from './redaction-service.js';
import type { CTx } from './service.js';

const PUBLIC_OUTCOMES = ['adopted', 'adopted_amended'];

const KIND_CS: Record<string, string> = {
  council: 'Rada',
  assembly: 'Zastupitelstvo',
  committee: 'Výbor',
  commission: 'Komise',
};
const ROLE_CS: Record<string, string> = {
  chair: 'předseda',
  deputy: 'místopředseda',
  member: 'člen',
  secretary: 'tajemník',
  verifier: 'ověřovatel',
};
const OUTCOME_CS: Record<string, string> = {
  adopted: 'schváleno',
  adopted_amended: 'schváleno ve změněném znění',
  rejected: 'neschváleno',
  withdrawn: 'staženo',
  postponed: 'odloženo',
};

/** Where the lists of the Body live (the path after /oparl/v1/). */
export const LIST_PATHS: Record<Exclude<OParlType, 'System' | 'Body'>, string> = {
  LegislativeTerm: 'legislative-terms',
  Organization: 'organizations',
  Person: 'persons',
  Membership: 'memberships',
  Meeting: 'meetings',
  AgendaItem: 'agenda-items',
  Paper: 'papers',
  Consultation: 'consultations',
  File: 'files',
  Location: 'locations',
};
/** The path of one object: {singular}/{key}. */
export const OBJECT_PATHS: Record<Exclude<OParlType, 'System' | 'Body'>, string> = {
  LegislativeTerm: 'legislative-term',
  Organization: 'organization',
  Person: 'person',
  Membership: 'membership',
  Meeting: 'meeting',
  AgendaItem: 'agenda-item',
  Paper: 'paper',
  Consultation: 'consultation',
  File: 'file',
  Location: 'location',
};

type ListType = Exclude<OParlType, 'System' | 'Body'>;
type Query = ReturnType<typeof readListQuery>;
type RDb = Transaction<RedactionDB>;
type BodyRow = { id: string; code: string; name: string; kind: string; term_label: string; created_at: Date };

interface Env {
  tx: CTx;
  db: RDb;
  tenant: Tenant;
  base: string;
  tenantUrl: string;
  url: (t: ListType, key: string) => string;
  bodies: BodyRow[];
  bodyById: Map<string, BodyRow>;
  tenantCreated: string;
  today: string;
}

const iso = (d: Date) => new Date(d).toISOString();

function envOf(tx: CTx, tenant: Tenant, siteUrl: string, bodies: BodyRow[]): Env {
  const tenantUrl = `${siteUrl}/${tenant.slug}`;
  const base = `${tenantUrl}/oparl/v1`;
  return {
    tx,
    db: tx.db as unknown as RDb,
    tenant,
    base,
    tenantUrl,
    url: (t, key) => `${base}/${OBJECT_PATHS[t]}/${encodeURIComponent(key)}`,
    bodies,
    bodyById: new Map(bodies.map((b) => [b.id, b])),
    tenantCreated: iso(tenant.created_at as unknown as Date),
    today: new Date(tx.now).toISOString().slice(0, 10),
  };
}

/** Runs `fn` in one public read transaction of the tenant with the bodies loaded (a handful). */
function withEnv<T>(
  ctx: AppContext,
  tenant: Tenant,
  siteUrl: string,
  fn: (env: Env) => Promise<T>,
): Promise<T> {
  return publicTx(ctx, tenant.id, async (tx) => {
    const bodies = await (tx.db as unknown as RDb)
      .selectFrom('council_body')
      .select(['id', 'code', 'name', 'kind', 'term_label', 'created_at'])
      .orderBy('code')
      .execute();
    return fn(envOf(tx, tenant, siteUrl, bodies));
  });
}

// --- which rows each list holds, in SQL -------------------------------------------------------------

interface Spec {
  /** FROM … WHERE <what is public>; more conditions are appended with AND. */
  from: RawBuilder<unknown>;
  key: RawBuilder<unknown>;
  created: RawBuilder<unknown>;
  modified: RawBuilder<unknown>;
  order: RawBuilder<unknown>;
}

const ITEMS = sql`council_agenda_item i
  JOIN council_meeting m ON m.id = i.meeting_id
  LEFT JOIN council_material mt ON mt.id = i.material_id`;
/** The item that decided a published (adopted) material: a Consultation, and where its Paper comes from. */
const DECIDED_HERE = sql`i.material_id IS NOT NULL AND mt.state = 'decided'
  AND mt.outcome IN ('adopted', 'adopted_amended') AND i.outcome IN ('adopted', 'adopted_amended')`;
const MEETINGS = sql`council_meeting m LEFT JOIN council_minutes n ON n.meeting_id = m.id`;
const FINAL = sql`n.state = 'final' AND n.final_at IS NOT NULL`;
const MEETING_ORDER = sql`m.date, m.number, m.id`;
const ITEM_ORDER = sql`m.date, m.number, i.position, i.id`;

const SPECS: Record<Exclude<ListType, 'LegislativeTerm'>, Spec> = {
  Organization: {
    from: sql`council_body b WHERE true`,
    key: sql`b.id`,
    created: sql`b.created_at`,
    modified: sql`b.created_at`,
    order: sql`b.code, b.id`,
  },
  Person: {
    from: sql`council_member p WHERE true`,
    key: sql`p.id`,
    created: sql`p.created_at`,
    modified: sql`p.created_at`,
    order: sql`p.name, p.id`,
  },
  Membership: {
    from: sql`council_member p WHERE true`,
    key: sql`p.id`,
    created: sql`p.created_at`,
    modified: sql`p.created_at`,
    order: sql`p.name, p.id`,
  },
  Meeting: {
    from: sql`${MEETINGS} WHERE true`,
    key: sql`m.id`,
    created: sql`m.created_at`,
    // A meeting changes for OParl when its minutes become final (resultsProtocol).
    modified: sql`CASE WHEN ${FINAL} THEN n.final_at ELSE m.created_at END`,
    order: MEETING_ORDER,
  },
  Location: {
    from: sql`${MEETINGS} WHERE true`,
    key: sql`m.id`,
    created: sql`m.created_at`,
    modified: sql`m.created_at`,
    order: MEETING_ORDER,
  },
  File: {
    from: sql`${MEETINGS} WHERE ${FINAL}`,
    key: sql`m.id`,
    created: sql`n.final_at`,
    modified: sql`n.final_at`,
    order: MEETING_ORDER,
  },
  AgendaItem: {
    from: sql`${ITEMS} WHERE true`,
    key: sql`i.id`,
    created: sql`m.created_at`,
    modified: sql`m.created_at`,
    order: ITEM_ORDER,
  },
  Consultation: {
    from: sql`${ITEMS} WHERE ${DECIDED_HERE}`,
    key: sql`i.id`,
    created: sql`m.created_at`,
    modified: sql`m.created_at`,
    order: ITEM_ORDER,
  },
  Paper: {
    from: sql`${ITEMS} WHERE ${DECIDED_HERE}`,
    key: sql`i.material_id`,
    created: sql`mt.created_at`,
    modified: sql`mt.updated_at`,
    order: ITEM_ORDER,
  },
};

/**
 * The keys of one page of a list and the number of rows the list has with these filters. The
 * times are compared at millisecond precision, as the objects show them.
 */
async function pageKeys(
  env: Env,
  spec: Spec,
  extra: RawBuilder<unknown>[],
  limit: number,
  offset: number,
  filters: Query['filters'] = [],
): Promise<{ keys: string[]; total: number }> {
  const conds = [
    ...extra,
    ...filters.map(
      (f) =>
        sql`date_trunc('milliseconds', ${f.key === 'created' ? spec.created : spec.modified}) ${
          f.since ? sql`>=` : sql`<=`
        } ${new Date(f.at).toISOString()}::timestamptz`,
    ),
  ];
  const where = conds.length ? sql` AND ${sql.join(conds, sql` AND `)}` : sql``;
  const rows = (
    await sql<{ key: string; total: string | number }>`SELECT ${spec.key} AS key, count(*) OVER () AS total
      FROM ${spec.from}${where} ORDER BY ${spec.order} LIMIT ${limit} OFFSET ${offset}`.execute(env.db)
  ).rows;
  let total = Number(rows[0]?.total ?? 0);
  if (!rows.length && offset > 0) {
    // A page past the end: the total still has to be told.
    const c = await sql<{ n: string | number }>`SELECT count(*) AS n FROM ${spec.from}${where}`.execute(
      env.db,
    );
    total = Number(c.rows[0]?.n ?? 0);
  }
  return { keys: rows.map((r) => r.key), total };
}

// --- building the objects of some rows ------------------------------------------------------------

function organizationObjects(env: Env, ids: string[], members: { id: string; body_id: string }[]) {
  return ids.flatMap((id) => {
    const b = env.bodyById.get(id);
    if (!b) return [];
    const o: OParlObject = {
      id: env.url('Organization', b.id),
      type: typeUri('Organization'),
      body: `${env.base}/body`,
      name: b.name,
      shortName: b.code,
      organizationType: 'Gremium',
      classification: KIND_CS[b.kind] ?? b.kind,
      membership: members.filter((m) => m.body_id === b.id).map((m) => env.url('Membership', m.id)),
      meeting: `${env.base}/${OBJECT_PATHS.Organization}/${b.id}/meetings`,
      web: `${env.tenantUrl}/zasedani`,
      created: iso(b.created_at),
      modified: iso(b.created_at),
    };
    return [o];
  });
}

async function buildOrganizations(env: Env, ids: string[]): Promise<OParlObject[]> {
  const members = ids.length
    ? await env.db
        .selectFrom('council_member')
        .select(['id', 'body_id'])
        .where('body_id', 'in', ids)
        .orderBy('name')
        .orderBy('id')
        .execute()
    : [];
  return organizationObjects(env, ids, members);
}

async function buildMembers(env: Env, ids: string[], type: 'Person' | 'Membership'): Promise<OParlObject[]> {
  if (!ids.length) return [];
  const rows = await env.db.selectFrom('council_member').selectAll().where('id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const m = byId.get(id);
    if (!m) return [];
    const membership: OParlObject = {
      id: env.url('Membership', m.id),
      type: typeUri('Membership'),
      person: env.url('Person', m.id),
      organization: env.url('Organization', m.body_id),
      role: ROLE_CS[m.role] ?? m.role,
      votingRight: !m.substitute && m.role !== 'secretary',
      ...(m.active ? {} : { endDate: iso(m.created_at).slice(0, 10) }),
      created: iso(m.created_at),
      modified: iso(m.created_at),
    };
    if (type === 'Membership') return [membership];
    return [
      {
        id: env.url('Person', m.id),
        type: typeUri('Person'),
        body: `${env.base}/body`,
        name: m.name,
        membership: [membership],
        created: iso(m.created_at),
        modified: iso(m.created_at),
      },
    ];
  });
}

interface MeetingRow {
  id: string;
  body_id: string;
  number: number;
  year: number;
  place: string;
  created_at: Date;
  state: string | null;
  final_at: Date | null;
  date: string;
}

async function meetingRows(env: Env, ids: string[]): Promise<Map<string, MeetingRow>> {
  if (!ids.length) return new Map();
  const rows = await env.db
    .selectFrom('council_meeting as m')
    .leftJoin('council_minutes as n', 'n.meeting_id', 'm.id')
    .select(['m.id', 'm.body_id', 'm.number', 'm.year', 'm.place', 'm.created_at', 'n.state', 'n.final_at'])
    .select((eb) => eb.cast<string>('m.date', 'text').as('date'))
    .where('m.id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r as MeetingRow]));
}

function fileObject(env: Env, m: MeetingRow): OParlObject | null {
  if (m.state !== 'final' || !m.final_at) return null;
  const body = env.bodyById.get(m.body_id)!;
  const pdf = `${env.tenantUrl}/zasedani/${m.id}/zapis.pdf`;
  return {
    id: env.url('File', m.id),
    type: typeUri('File'),
    name: `Zápis z ${m.number}. zasedání – ${body.name}`,
    fileName: `zapis-${body.code}-${m.number}-${m.year}.pdf`,
    mimeType: 'application/pdf',
    date: m.date,
    accessUrl: pdf,
    downloadUrl: pdf,
    meeting: [env.url('Meeting', m.id)],
    created: iso(m.final_at),
    modified: iso(m.final_at),
  };
}

const locationObject = (env: Env, m: MeetingRow): OParlObject => ({
  id: env.url('Location', m.id),
  type: typeUri('Location'),
  description: m.place,
  meeting: [env.url('Meeting', m.id)],
  created: iso(m.created_at),
  modified: iso(m.created_at),
});

async function buildMeetingParts(env: Env, ids: string[], type: 'Meeting' | 'Location' | 'File') {
  const rows = await meetingRows(env, ids);
  if (type === 'Location')
    return ids.flatMap((id) => (rows.has(id) ? [locationObject(env, rows.get(id)!)] : []));
  if (type === 'File')
    return ids.flatMap((id) => {
      const f = rows.has(id) ? fileObject(env, rows.get(id)!) : null;
      return f ? [f] : [];
    });
  const built = await buildItems(env, await itemRows(env, 'i.meeting_id', ids), rows);
  return ids.flatMap((id) => {
    const m = rows.get(id);
    if (!m) return [];
    const body = env.bodyById.get(m.body_id)!;
    const file = fileObject(env, m);
    const o: OParlObject = {
      id: env.url('Meeting', m.id),
      type: typeUri('Meeting'),
      name: `${m.number}. zasedání – ${body.name}`,
      meetingState: m.date <= env.today ? 'durchgeführt' : 'terminiert',
      cancelled: false,
      start: dayStart(m.date, env.tenant.time_zone),
      location: locationObject(env, m),
      organization: [env.url('Organization', body.id)],
      agendaItem: built.filter((b) => b.meetingId === m.id).map((b) => b.item),
      ...(file ? { resultsProtocol: file } : {}),
      web: `${env.tenantUrl}/zasedani/${m.id}`,
      created: iso(m.created_at),
      modified: iso(file ? new Date(file.modified) : m.created_at),
    };
    return [o];
  });
}

async function itemRows(env: Env, column: 'i.id' | 'i.meeting_id' | 'i.material_id', ids: string[]) {
  if (!ids.length) return [];
  return env.db
    .selectFrom('council_agenda_item as i')
    .leftJoin('council_resolution as r', 'r.item_id', 'i.id')
    .leftJoin('council_material as mt', 'mt.id', 'i.material_id')
    .leftJoin('council_material_version as v', (j) =>
      j.onRef('v.material_id', '=', 'mt.id').onRef('v.version', '=', 'mt.current_version'),
    )
    .select([
      'i.id',
      'i.meeting_id',
      'i.position',
      'i.title',
      'i.reference',
      'i.outcome',
      'i.material_id',
      'r.id as resolution_id',
      'r.number as resolution_number',
      'r.clauses as resolution_clauses',
      'mt.state as material_state',
      'mt.outcome as material_outcome',
      'mt.created_at as material_created',
      'mt.updated_at as material_updated',
      'v.title as material_title',
    ])
    .where(column, 'in', ids)
    .orderBy('i.position')
    .execute();
}

/** Agenda items with their consultation and paper where the item decided a published material. */
async function buildItems(
  env: Env,
  items: Awaited<ReturnType<typeof itemRows>>,
  knownMeetings?: Map<string, MeetingRow>,
): Promise<
  { itemId: string; meetingId: string; item: OParlObject; consultation?: OParlObject; paper?: OParlObject }[]
> {
  if (!items.length) return [];
  const meetings = knownMeetings ?? (await meetingRows(env, [...new Set(items.map((i) => i.meeting_id))]));
  const texts = await publicItemTexts(
    env.tx,
    null,
    items.map((i) => i.id),
  );
  const materialIds = items.flatMap((i) => (i.material_id ? [i.material_id] : []));
  const marks = await publishedMarks(env.tx, 'material', materialIds);
  const labels = marks.size ? await labelsFor(env.tx) : null;
  const out: Awaited<ReturnType<typeof buildItems>> = [];
  for (const i of items) {
    const meeting = meetings.get(i.meeting_id);
    if (!meeting) continue;
    const body = env.bodyById.get(meeting.body_id)!;
    const created = iso(meeting.created_at);
    const t = texts.get(i.id);
    const title = t?.title ?? i.title;
    const published =
      i.material_id && i.material_state === 'decided' && PUBLIC_OUTCOMES.includes(i.material_outcome ?? '');
    // The consultation that decided a published material (a postponed item is not the decision).
    const decidedHere = Boolean(published && i.outcome && PUBLIC_OUTCOMES.includes(i.outcome));
    const item: OParlObject = {
      id: env.url('AgendaItem', i.id),
      type: typeUri('AgendaItem'),
      meeting: env.url('Meeting', meeting.id),
      number: String(i.position),
      order: i.position,
      name: title,
      public: true,
      ...(decidedHere ? { consultation: env.url('Consultation', i.id) } : {}),
      ...(i.outcome ? { result: OUTCOME_CS[i.outcome] ?? i.outcome } : {}),
      ...(i.resolution_id
        ? {
            resolutionText: `${i.resolution_number}\n${resolutionText(
              body.name,
              (t?.clauses ?? (i.resolution_clauses as Clause[])) as Clause[],
            )}`,
            web: `${env.tenantUrl}/usneseni/${i.resolution_id}`,
          }
        : {}),
      created,
      modified: created,
    };
    const entry: (typeof out)[number] = { itemId: i.id, meetingId: meeting.id, item };
    if (decidedHere && i.material_id) {
      const consultation: OParlObject = {
        id: env.url('Consultation', i.id),
        type: typeUri('Consultation'),
        paper: env.url('Paper', i.material_id),
        agendaItem: item.id,
        meeting: env.url('Meeting', meeting.id),
        organization: [env.url('Organization', body.id)],
        authoritative: true,
        role: 'rozhodnutí',
        created,
        modified: created,
      };
      const own = (marks.get(i.material_id) ?? []).filter(
        (m) => m.field === 'title' && m.textSha256 === textSha256(i.material_title ?? ''),
      );
      const anyTitleMark = (marks.get(i.material_id) ?? []).some((m) => m.field === 'title');
      const name =
        own.length && labels
          ? redact(i.material_title ?? '', own, labels)
          : anyTitleMark && labels
            ? labels.withheld
            : (i.material_title ?? title);
      entry.consultation = consultation;
      entry.paper = {
        id: env.url('Paper', i.material_id),
        type: typeUri('Paper'),
        body: `${env.base}/body`,
        name,
        reference: i.reference,
        date: meeting.date,
        paperType: 'Materiál',
        consultation: [consultation],
        web: `${env.tenantUrl}/materialy/${i.material_id}`,
        created: iso(i.material_created!),
        modified: iso(i.material_updated!),
      };
    }
    out.push(entry);
  }
  return out;
}

async function buildItemParts(
  env: Env,
  keys: string[],
  type: 'AgendaItem' | 'Consultation' | 'Paper',
): Promise<OParlObject[]> {
  const built = await buildItems(env, await itemRows(env, type === 'Paper' ? 'i.material_id' : 'i.id', keys));
  return keys.flatMap((key) => {
    const b = built.find((x) =>
      type === 'Paper' ? x.paper?.id === env.url('Paper', key) : x.itemId === key,
    );
    const o = !b
      ? undefined
      : type === 'AgendaItem'
        ? b.item
        : type === 'Consultation'
          ? b.consultation
          : b.paper;
    return o ? [o] : [];
  });
}

function build(env: Env, type: Exclude<ListType, 'LegislativeTerm'>, keys: string[]): Promise<OParlObject[]> {
  switch (type) {
    case 'Organization':
      return buildOrganizations(env, keys);
    case 'Person':
    case 'Membership':
      return buildMembers(env, keys, type);
    case 'Meeting':
    case 'Location':
    case 'File':
      return buildMeetingParts(env, keys, type);
    default:
      return buildItemParts(env, keys, type);
  }
}

function legislativeTerms(env: Env): OParlObject[] {
  const terms = [...new Set(env.bodies.map((b) => b.term_label))].sort();
  return terms.map((label) => {
    const years = label.match(/(\d{4})\D+(\d{4})/);
    return {
      id: env.url('LegislativeTerm', label),
      type: typeUri('LegislativeTerm'),
      body: `${env.base}/body`,
      name: label,
      ...(years ? { startDate: `${years[1]}-01-01`, endDate: `${years[2]}-12-31` } : {}),
      created: env.tenantCreated,
      modified: env.tenantCreated,
    };
  });
}

// --- the entry points -------------------------------------------------------------------------------

/** The System and the Body of a tenant. `siteUrl` = scheme://host of the public site. */
export function oparlEntry(
  ctx: AppContext,
  tenant: Tenant,
  siteUrl: string,
): Promise<{ system: OParlObject; body: OParlObject; base: string }> {
  return withEnv(ctx, tenant, siteUrl, async (env) => {
    const { base, tenantUrl, tenantCreated } = env;
    const body: OParlObject = {
      id: `${base}/body`,
      type: typeUri('Body'),
      system: `${base}/system`,
      name: tenant.name,
      shortName: tenant.slug,
      website: tenantUrl,
      classification: tenant.kind,
      ...Object.fromEntries(
        (
          [
            ['organization', 'Organization'],
            ['person', 'Person'],
            ['meeting', 'Meeting'],
            ['paper', 'Paper'],
            ['agendaItem', 'AgendaItem'],
            ['consultation', 'Consultation'],
            ['file', 'File'],
            ['membership', 'Membership'],
            ['locationList', 'Location'],
            ['legislativeTermList', 'LegislativeTerm'],
          ] as const
        ).map(([k, t]) => [k, `${base}/${LIST_PATHS[t]}`]),
      ),
      legislativeTerm: legislativeTerms(env),
      web: tenantUrl,
      created: tenantCreated,
      modified: tenantCreated,
    };
    const system: OParlObject = {
      id: `${base}/system`,
      type: typeUri('System'),
      oparlVersion: OPARL_VERSION,
      body: `${base}/bodies`,
      name: `Samospráva – ${tenant.name}`,
      website: tenantUrl,
      product: 'https://samosprava.invalid/',
      created: tenantCreated,
      modified: tenantCreated,
    };
    return { system, body, base };
  });
}

/**
 * One page of a list: its objects and the number of objects the list has with these filters.
 * `organizationKey`: the meetings of that organization (council body); null when it does not exist.
 */
export function oparlList(
  ctx: AppContext,
  tenant: Tenant,
  siteUrl: string,
  type: ListType,
  query: Query,
  organizationKey?: string,
): Promise<{ objects: OParlObject[]; total: number; base: string } | null> {
  return withEnv(ctx, tenant, siteUrl, async (env) => {
    if (type === 'LegislativeTerm') {
      const page = paginate(legislativeTerms(env), '', query);
      return { objects: page.data, total: page.pagination.totalElements!, base: env.base };
    }
    const extra: RawBuilder<unknown>[] = [];
    if (organizationKey !== undefined) {
      if (!isUuid(organizationKey) || !env.bodyById.has(organizationKey)) return null;
      extra.push(sql`m.body_id = ${organizationKey}`);
    }
    const { keys, total } = await pageKeys(
      env,
      SPECS[type],
      extra,
      query.limit,
      (query.page - 1) * query.limit,
      query.filters,
    );
    return { objects: await build(env, type, keys), total, base: env.base };
  });
}

/** One object by its key (the last segment of its id), or null when there is no such public object. */
export function oparlObject(
  ctx: AppContext,
  tenant: Tenant,
  siteUrl: string,
  type: ListType,
  key: string,
): Promise<OParlObject | null> {
  return withEnv(ctx, tenant, siteUrl, async (env) => {
    if (type === 'LegislativeTerm')
      return legislativeTerms(env).find((t) => t.id === env.url('LegislativeTerm', key)) ?? null;
    if (!isUuid(key)) return null;
    const spec = SPECS[type];
    const { keys } = await pageKeys(env, spec, [sql`${spec.key} = ${key}`], 1, 0);
    return (await build(env, type, keys))[0] ?? null;
  });
}
