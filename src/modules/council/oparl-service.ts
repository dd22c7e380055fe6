/**
 * The council's public data as OParl 1.1 objects (read only, no sign-in): one System and one
 * Body per tenant, its council bodies as Organizations, their members as Persons with
 * Memberships, Meetings with AgendaItems, adopted materials as Papers with their Consultation,
 * final minutes as Files, meeting places as Locations, electoral terms as LegislativeTerms. Only
 * published data, and only the redacted texts (the same rules as the public pages). Ids are
 * absolute URLs under `{base}/{tenant}/oparl/v1`.
 *
 * The tenant's objects are built in one read transaction per request and paged in memory: a
 * municipality has hundreds to a few thousand of them.
 */
import type { Transaction } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import type { Tenant } from '../../platform/db/types.js';
import type { Clause } from './domain/material.js';
import { dayStart, OPARL_VERSION, type OParlObject, type OParlType, typeUri } from './domain/oparl.js';
import { resolutionText } from './domain/opendata.js';
import { redact, textSha256 } from './domain/redaction.js';
import { publicTx } from './minutes-service.js';
import type { RedactionDB } from './redaction-schema.js';
import { labelsFor, publicItemTexts, publishedMarks } from './redaction-service.js';

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

export interface OParlWorld {
  system: OParlObject;
  body: OParlObject;
  lists: Record<Exclude<OParlType, 'System' | 'Body'>, OParlObject[]>;
  base: string;
}

const iso = (d: Date) => d.toISOString();

/** Every public council object of a tenant as OParl objects. `siteUrl` = scheme://host of the public site. */
export async function oparlWorld(ctx: AppContext, tenant: Tenant, siteUrl: string): Promise<OParlWorld> {
  const tenantUrl = `${siteUrl}/${tenant.slug}`;
  const base = `${tenantUrl}/oparl/v1`;
  const url = (t: keyof typeof OBJECT_PATHS, key: string) =>
    `${base}/${OBJECT_PATHS[t]}/${encodeURIComponent(key)}`;
  return publicTx(ctx, tenant.id, async (tx) => {
    const db = tx.db as unknown as Transaction<RedactionDB>;
    const bodies = await db.selectFrom('council_body').selectAll().orderBy('code').execute();
    const members = await db.selectFrom('council_member').selectAll().orderBy('name').execute();
    const meetings = await db
      .selectFrom('council_meeting as m')
      .leftJoin('council_minutes as n', 'n.meeting_id', 'm.id')
      .select(['m.id', 'm.body_id', 'm.number', 'm.year', 'm.place', 'm.created_at', 'n.state', 'n.final_at'])
      .select((eb) => eb.cast<string>('m.date', 'text').as('date'))
      .orderBy('m.date')
      .orderBy('m.number')
      .execute();
    const items = await db
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
      .orderBy('i.position')
      .execute();
    const texts = await publicItemTexts(tx, null);
    const materialIds = items.flatMap((i) => (i.material_id ? [i.material_id] : []));
    const marks = await publishedMarks(tx, 'material', materialIds);
    const labels = await labelsFor(tx);
    const tenantCreated = iso(tenant.created_at as unknown as Date);

    const bodyById = new Map(bodies.map((b) => [b.id, b]));
    const meetingById = new Map(meetings.map((m) => [m.id, m]));
    const orgUrl = (bodyId: string) => url('Organization', bodyId);

    // Legislative terms: the distinct term labels of the bodies.
    const terms = [...new Set(bodies.map((b) => b.term_label))].sort();
    const legislativeTerms: OParlObject[] = terms.map((label) => {
      const years = label.match(/(\d{4})\D+(\d{4})/);
      return {
        id: url('LegislativeTerm', label),
        type: typeUri('LegislativeTerm'),
        body: `${base}/body`,
        name: label,
        ...(years ? { startDate: `${years[1]}-01-01`, endDate: `${years[2]}-12-31` } : {}),
        created: tenantCreated,
        modified: tenantCreated,
      };
    });

    const memberships: OParlObject[] = members.map((m) => ({
      id: url('Membership', m.id),
      type: typeUri('Membership'),
      person: url('Person', m.id),
      organization: orgUrl(m.body_id),
      role: ROLE_CS[m.role] ?? m.role,
      votingRight: !m.substitute && m.role !== 'secretary',
      ...(m.active ? {} : { endDate: m.created_at.toISOString().slice(0, 10) }),
      created: iso(m.created_at),
      modified: iso(m.created_at),
    }));
    const persons: OParlObject[] = members.map((m, i) => ({
      id: url('Person', m.id),
      type: typeUri('Person'),
      body: `${base}/body`,
      name: m.name,
      membership: [memberships[i]!],
      created: iso(m.created_at),
      modified: iso(m.created_at),
    }));
    const organizations: OParlObject[] = bodies.map((b) => ({
      id: orgUrl(b.id),
      type: typeUri('Organization'),
      body: `${base}/body`,
      name: b.name,
      shortName: b.code,
      organizationType: 'Gremium',
      classification: KIND_CS[b.kind] ?? b.kind,
      membership: members.filter((m) => m.body_id === b.id).map((m) => url('Membership', m.id)),
      meeting: `${base}/${OBJECT_PATHS.Organization}/${b.id}/meetings`,
      web: `${tenantUrl}/zasedani`,
      created: iso(b.created_at),
      modified: iso(b.created_at),
    }));

    const files: OParlObject[] = [];
    const fileOf = new Map<string, OParlObject>();
    for (const m of meetings) {
      if (m.state !== 'final' || !m.final_at) continue;
      const body = bodyById.get(m.body_id)!;
      const pdf = `${tenantUrl}/zasedani/${m.id}/zapis.pdf`;
      const f: OParlObject = {
        id: url('File', m.id),
        type: typeUri('File'),
        name: `Zápis z ${m.number}. zasedání – ${body.name}`,
        fileName: `zapis-${body.code}-${m.number}-${m.year}.pdf`,
        mimeType: 'application/pdf',
        date: m.date,
        accessUrl: pdf,
        downloadUrl: pdf,
        meeting: [url('Meeting', m.id)],
        created: iso(m.final_at),
        modified: iso(m.final_at),
      };
      files.push(f);
      fileOf.set(m.id, f);
    }

    const locations: OParlObject[] = meetings.map((m) => ({
      id: url('Location', m.id),
      type: typeUri('Location'),
      description: m.place,
      meeting: [url('Meeting', m.id)],
      created: iso(m.created_at),
      modified: iso(m.created_at),
    }));

    const agendaItems: OParlObject[] = [];
    const papers: OParlObject[] = [];
    const consultations: OParlObject[] = [];
    const itemsOf = new Map<string, OParlObject[]>();
    for (const i of items) {
      const meeting = meetingById.get(i.meeting_id);
      if (!meeting) continue;
      const body = bodyById.get(meeting.body_id)!;
      const created = iso(meeting.created_at);
      const t = texts.get(i.id);
      const title = t?.title ?? i.title;
      const published =
        i.material_id && i.material_state === 'decided' && PUBLIC_OUTCOMES.includes(i.material_outcome ?? '');
      // The consultation that decided a published material (a postponed item is not the decision).
      const decidedHere = Boolean(published && i.outcome && PUBLIC_OUTCOMES.includes(i.outcome));
      const item: OParlObject = {
        id: url('AgendaItem', i.id),
        type: typeUri('AgendaItem'),
        meeting: url('Meeting', meeting.id),
        number: String(i.position),
        order: i.position,
        name: title,
        public: true,
        ...(decidedHere ? { consultation: url('Consultation', i.id) } : {}),
        ...(i.outcome ? { result: OUTCOME_CS[i.outcome] ?? i.outcome } : {}),
        ...(i.resolution_id
          ? {
              resolutionText: `${i.resolution_number}\n${resolutionText(
                body.name,
                (t?.clauses ?? (i.resolution_clauses as Clause[])) as Clause[],
              )}`,
              web: `${tenantUrl}/usneseni/${i.resolution_id}`,
            }
          : {}),
        created,
        modified: created,
      };
      agendaItems.push(item);
      itemsOf.set(meeting.id, [...(itemsOf.get(meeting.id) ?? []), item]);
      if (decidedHere && i.material_id) {
        const consultation: OParlObject = {
          id: url('Consultation', i.id),
          type: typeUri('Consultation'),
          paper: url('Paper', i.material_id),
          agendaItem: item.id,
          meeting: url('Meeting', meeting.id),
          organization: [orgUrl(body.id)],
          authoritative: true,
          role: 'rozhodnutí',
          created,
          modified: created,
        };
        consultations.push(consultation);
        const own = (marks.get(i.material_id) ?? []).filter(
          (m) => m.field === 'title' && m.textSha256 === textSha256(i.material_title ?? ''),
        );
        const anyTitleMark = (marks.get(i.material_id) ?? []).some((m) => m.field === 'title');
        const name = own.length
          ? redact(i.material_title ?? '', own, labels)
          : anyTitleMark
            ? labels.withheld
            : (i.material_title ?? title);
        papers.push({
          id: url('Paper', i.material_id),
          type: typeUri('Paper'),
          body: `${base}/body`,
          name,
          reference: i.reference,
          date: meeting.date,
          paperType: 'Materiál',
          consultation: [consultation],
          web: `${tenantUrl}/materialy/${i.material_id}`,
          created: iso(i.material_created!),
          modified: iso(i.material_updated!),
        });
      }
    }

    const meetingObjects: OParlObject[] = meetings.map((m) => {
      const body = bodyById.get(m.body_id)!;
      const file = fileOf.get(m.id);
      return {
        id: url('Meeting', m.id),
        type: typeUri('Meeting'),
        name: `${m.number}. zasedání – ${body.name}`,
        meetingState: m.date <= new Date(tx.now).toISOString().slice(0, 10) ? 'durchgeführt' : 'terminiert',
        cancelled: false,
        start: dayStart(m.date, tenant.time_zone),
        location: locations.find((l) => l.id === url('Location', m.id)),
        organization: [orgUrl(body.id)],
        agendaItem: itemsOf.get(m.id) ?? [],
        ...(file ? { resultsProtocol: file } : {}),
        web: `${tenantUrl}/zasedani/${m.id}`,
        created: iso(m.created_at),
        modified: iso(file ? new Date(file.modified) : m.created_at),
      };
    });

    const lists = {
      LegislativeTerm: legislativeTerms,
      Organization: organizations,
      Person: persons,
      Membership: memberships,
      Meeting: meetingObjects,
      AgendaItem: agendaItems,
      Paper: papers,
      Consultation: consultations,
      File: files,
      Location: locations,
    };
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
      legislativeTerm: legislativeTerms,
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
    return { system, body, lists, base };
  });
}

/** The meetings of one organization (council body): the list Organization.meeting points to. */
export function meetingsOf(world: OParlWorld, organizationKey: string): OParlObject[] {
  const org = `${world.base}/${OBJECT_PATHS.Organization}/${encodeURIComponent(organizationKey)}`;
  return world.lists.Meeting.filter((m) => (m.organization as string[]).includes(org));
}
