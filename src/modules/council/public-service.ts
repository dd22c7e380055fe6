/**
 * What the public sees of the council, read without signing in (the public actor, in the
 * tenant's own transaction): meetings with their agenda, final minutes, adopted resolutions
 * (searchable), and adopted materials. Nothing here writes, so nothing is audited.
 */
import { sql } from 'kysely';
import { type Country, type IsoDate, isIsoDate, todayIn } from '../../platform/calendar/index.js';
import type { AppContext } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { isUuid } from '../../platform/ids.js';
import type { Clause, Outcome } from './domain/material.js';
import type { MinutesDoc, MinutesState } from './domain/minutes.js';
import type { Choice, Tally } from './domain/voting.js';
import { loadMinutes, publicTx } from './minutes-service.js';
import { publicAgenda, redactedMaterial, redactedMinutesDoc } from './redaction-service.js';
import { type CTx, iso, loadMaterial, loadMeeting } from './service.js';

/** Materials decided this way are published with their decided (frozen) version. */
const PUBLIC_OUTCOMES = ['adopted', 'adopted_amended'];

export interface PublicMeetingSummary {
  id: string;
  bodyCode: string;
  bodyName: string;
  number: number;
  year: number;
  date: IsoDate;
  place: string;
  minutesFinal: boolean;
}

async function tenantOf(tx: CTx): Promise<{ country: Country; timeZone: string }> {
  const t = await tx.db
    .selectFrom('tenant')
    .select(['country', 'time_zone'])
    .where('id', '=', tx.tenantId)
    .executeTakeFirstOrThrow();
  return { country: t.country, timeZone: t.time_zone };
}

/** Upcoming meetings (from today on, soonest first) and past ones (newest first). */
export async function listPublicMeetings(
  ctx: AppContext,
  tenantId: string,
): Promise<{ upcoming: PublicMeetingSummary[]; past: PublicMeetingSummary[] }> {
  return publicTx(ctx, tenantId, async (tx) => {
    const today = todayIn((await tenantOf(tx)).timeZone, tx.now);
    const rows = await tx.db
      .selectFrom('council_meeting as m')
      .innerJoin('council_body as b', 'b.id', 'm.body_id')
      .leftJoin('council_minutes as n', 'n.meeting_id', 'm.id')
      .select([
        'm.id',
        'b.code',
        'b.name',
        'm.number',
        'm.year',
        iso('m.date').as('date'),
        'm.place',
        'n.state',
      ])
      .orderBy('m.date', 'desc')
      .orderBy('b.code')
      .limit(500)
      .execute();
    const all = rows.map((r) => ({
      id: r.id,
      bodyCode: r.code,
      bodyName: r.name,
      number: r.number,
      year: r.year,
      date: r.date as IsoDate,
      place: r.place,
      minutesFinal: r.state === 'final',
    }));
    return {
      upcoming: all.filter((m) => m.date >= today).reverse(),
      past: all.filter((m) => m.date < today),
    };
  });
}

export interface PublicMeeting extends PublicMeetingSummary {
  items: {
    position: number;
    section: string;
    title: string;
    reference: string | null;
    outcome: Outcome | null;
    resolution: { id: string; number: string } | null;
    /** Set when the material is published (adopted). */
    materialId: string | null;
  }[];
  minutes: {
    due: IsoDate;
    state: MinutesState;
    /** Only final minutes are published (with personal data redacted). */
    doc: MinutesDoc | null;
    /** Something in the minutes is redacted: the public PDF is rendered from the redacted text. */
    redacted: boolean;
    finalAt: Date | null;
    pdfSha256: string | null;
    approvals: { name: string; at: Date }[];
  };
  locale: string;
  timeZone: string;
}

export async function getPublicMeeting(
  ctx: AppContext,
  tenantId: string,
  id: string,
): Promise<PublicMeeting> {
  if (!isUuid(id)) throw notFound('The meeting');
  return publicTx(ctx, tenantId, async (tx) => {
    const m = await loadMeeting(tx, id);
    const minutes = await loadMinutes(tx, id);
    // Personal data marked by the secretary is redacted in titles, resolutions and the minutes.
    const agenda = await publicAgenda(tx, id);
    const publicDoc = minutes.final ? await redactedMinutesDoc(tx, id, minutes.doc) : null;
    return {
      id: m.id,
      bodyCode: m.body.code,
      bodyName: m.body.name,
      number: m.number,
      year: m.year,
      date: m.date as IsoDate,
      place: m.place,
      minutesFinal: minutes.final,
      items: m.items.map((i) => ({
        position: i.position,
        section: i.section,
        title: agenda.get(i.position)?.title ?? i.title,
        reference: i.reference,
        outcome: i.outcome,
        resolution: i.resolution,
        materialId: i.materialId && i.outcome && PUBLIC_OUTCOMES.includes(i.outcome) ? i.materialId : null,
      })),
      minutes: {
        due: minutes.due,
        state: minutes.state,
        doc: publicDoc?.doc ?? null,
        redacted: publicDoc?.redacted ?? false,
        finalAt: minutes.finalAt,
        pdfSha256: minutes.pdfSha256,
        approvals: minutes.final
          ? minutes.verifiers
              .filter((v) => v.current && v.approvedAt)
              .map((v) => ({ name: v.name, at: v.approvedAt! }))
          : [],
      },
      locale: minutes.locale,
      timeZone: minutes.timeZone,
    };
  });
}

// --- resolutions ------------------------------------------------------------------------------------

export interface ResolutionQuery {
  q?: string;
  /** Body code, e.g. ZM. */
  body?: string;
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export interface PublicResolutionSummary {
  id: string;
  number: string;
  bodyCode: string;
  bodyName: string;
  title: string;
  adoptedOn: IsoDate;
  clauses: Clause[];
  meetingId: string;
  meetingNumber: number;
  materialId: string | null;
  /** The meeting's minutes are final (their PDF is public). */
  minutesFinal: boolean;
}

function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export const PAGE_SIZE = 20;

/**
 * Adopted resolutions, newest first. `q`: every word must occur in the number, title or a clause
 * (case- and diacritics-insensitive: "usneseni" finds "usnesení"); body by code; adopted from/to
 * (inclusive, YYYY-MM-DD; other values are ignored).
 */
export async function searchPublicResolutions(
  ctx: AppContext,
  tenantId: string,
  query: ResolutionQuery = {},
): Promise<{ items: PublicResolutionSummary[]; total: number; bodies: { code: string; name: string }[] }> {
  return publicTx(ctx, tenantId, async (tx) => {
    let q = tx.db
      .selectFrom('council_resolution as r')
      .innerJoin('council_body as b', 'b.id', 'r.body_id')
      .innerJoin('council_meeting as m', 'm.id', 'r.meeting_id')
      .leftJoin('council_material as mt', 'mt.id', 'r.material_id')
      .leftJoin('council_minutes as n', 'n.meeting_id', 'r.meeting_id');
    const words = (query.q ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean).slice(0, 10);
    for (const w of words) {
      // search_norm = immutable_unaccent(lower(search_text)), folded on write (council-redaction-0002).
      q = q.where(sql<boolean>`r.search_norm LIKE immutable_unaccent(${likePattern(w)})`);
    }
    if (query.body) q = q.where('b.code', '=', query.body);
    if (query.from && isIsoDate(query.from)) q = q.where('r.adopted_on', '>=', query.from);
    if (query.to && isIsoDate(query.to)) q = q.where('r.adopted_on', '<=', query.to);
    const total = await q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirst();
    const size = Math.min(query.pageSize ?? PAGE_SIZE, 100_000);
    const page = Math.max(1, query.page ?? 1);
    const rows = await q
      .select([
        'r.id',
        'r.number',
        'b.code',
        'b.name',
        // The published (redacted) rendition where the secretary made one.
        sql<string>`coalesce(r.public_title, r.title)`.as('title'),
        iso('r.adopted_on').as('adopted_on'),
        sql<unknown>`coalesce(r.public_clauses, r.clauses)`.as('clauses'),
        'r.meeting_id',
        'm.number as meeting_number',
        'r.material_id',
        'mt.outcome as material_outcome',
        'n.state as minutes_state',
      ])
      .orderBy('r.adopted_on', 'desc')
      .orderBy('b.code')
      .orderBy('r.seq', 'desc')
      .limit(size)
      .offset((page - 1) * size)
      .execute();
    const bodies = await tx.db.selectFrom('council_body').select(['code', 'name']).orderBy('code').execute();
    return {
      total: Number(total?.n ?? 0),
      bodies,
      items: rows.map((r) => ({
        id: r.id,
        number: r.number,
        bodyCode: r.code,
        bodyName: r.name,
        title: r.title,
        adoptedOn: r.adopted_on as IsoDate,
        clauses: r.clauses as Clause[],
        meetingId: r.meeting_id,
        meetingNumber: r.meeting_number,
        materialId:
          r.material_id && PUBLIC_OUTCOMES.includes(r.material_outcome ?? '') ? r.material_id : null,
        minutesFinal: r.minutes_state === 'final',
      })),
    };
  });
}

export interface PublicResolution extends PublicResolutionSummary {
  meetingYear: number;
  reference: string | null;
  vote: { tally: Tally; adopted: boolean; ballots: { name: string; choice: Choice }[] } | null;
  country: Country;
}

/**
 * One resolution with its vote. Polish tenants publish the named vote with every resolution
 * (BIP: imienny wykaz głosowań); Czech ones the tally.
 */
export async function getPublicResolution(
  ctx: AppContext,
  tenantId: string,
  id: string,
): Promise<PublicResolution> {
  if (!isUuid(id)) throw notFound('The resolution');
  return publicTx(ctx, tenantId, async (tx) => {
    const { country } = await tenantOf(tx);
    const r = await tx.db
      .selectFrom('council_resolution as r')
      .innerJoin('council_body as b', 'b.id', 'r.body_id')
      .innerJoin('council_meeting as m', 'm.id', 'r.meeting_id')
      .innerJoin('council_agenda_item as i', 'i.id', 'r.item_id')
      .leftJoin('council_vote as v', 'v.item_id', 'r.item_id')
      .leftJoin('council_material as mt', 'mt.id', 'r.material_id')
      .leftJoin('council_minutes as n', 'n.meeting_id', 'r.meeting_id')
      .select([
        'n.state as minutes_state',
        'r.id',
        'r.number',
        'b.code',
        'b.name',
        sql<string>`coalesce(r.public_title, r.title)`.as('title'),
        iso('r.adopted_on').as('adopted_on'),
        sql<unknown>`coalesce(r.public_clauses, r.clauses)`.as('clauses'),
        'r.meeting_id',
        'm.number as meeting_number',
        'm.year as meeting_year',
        'i.reference',
        'r.material_id',
        'mt.outcome as material_outcome',
        'v.votes_for',
        'v.against',
        'v.abstain',
        'v.not_voting',
        'v.adopted',
        'v.ballots',
        'r.body_id',
      ])
      .where('r.id', '=', id)
      .executeTakeFirst();
    if (!r) throw notFound('The resolution');
    let ballots: { name: string; choice: Choice }[] = [];
    if (country === 'PL' && Array.isArray(r.ballots) && r.ballots.length) {
      const members = await tx.db
        .selectFrom('council_member')
        .select(['id', 'name'])
        .where('body_id', '=', r.body_id)
        .execute();
      const names = new Map(members.map((m) => [m.id, m.name]));
      ballots = (r.ballots as { memberId: string; choice: Choice }[])
        .map((b) => ({ name: names.get(b.memberId) ?? '?', choice: b.choice }))
        .sort((a, b) => a.name.localeCompare(b.name, 'pl'));
    }
    return {
      id: r.id,
      number: r.number,
      bodyCode: r.code,
      bodyName: r.name,
      title: r.title,
      adoptedOn: r.adopted_on as IsoDate,
      clauses: r.clauses as Clause[],
      meetingId: r.meeting_id,
      meetingNumber: r.meeting_number,
      meetingYear: r.meeting_year,
      reference: r.reference,
      minutesFinal: r.minutes_state === 'final',
      materialId: r.material_id && PUBLIC_OUTCOMES.includes(r.material_outcome ?? '') ? r.material_id : null,
      vote:
        r.votes_for == null
          ? null
          : {
              tally: { for: r.votes_for, against: r.against!, abstain: r.abstain!, notVoting: r.not_voting! },
              adopted: r.adopted!,
              ballots,
            },
      country,
    };
  });
}

export interface PublicMaterial {
  id: string;
  reference: string | null;
  bodyCode: string;
  title: string;
  author: string;
  submitter: string;
  problem: string;
  proposal: string;
  clauses: Clause[];
  outcome: Outcome;
  opinions: { from: string; text: string }[];
  attachmentCount: number;
  meetingId: string | null;
  resolution: { id: string; number: string } | null;
}

/** An adopted material as decided (its frozen version); others are not published (404). */
export async function getPublicMaterial(
  ctx: AppContext,
  tenantId: string,
  id: string,
): Promise<PublicMaterial> {
  if (!isUuid(id)) throw notFound('The material');
  return publicTx(ctx, tenantId, async (tx) => {
    const m = await redactedMaterial(tx, await loadMaterial(tx, id));
    if (m.state !== 'decided' || !m.outcome || !PUBLIC_OUTCOMES.includes(m.outcome) || !m.frozen)
      throw notFound('The material');
    const res = await tx.db
      .selectFrom('council_resolution')
      .select(['id', 'number', 'meeting_id'])
      .where('material_id', '=', id)
      .executeTakeFirst();
    return {
      id: m.id,
      reference: m.reference,
      bodyCode: m.bodyCode,
      title: m.title,
      author: m.author,
      submitter: m.submitter,
      problem: m.problem,
      proposal: m.proposal,
      clauses: m.clauses,
      outcome: m.outcome,
      opinions: m.opinions.flatMap((o) => (o.text ? [{ from: o.from, text: o.text }] : [])),
      attachmentCount: m.attachmentCount,
      meetingId: res?.meeting_id ?? m.meetingId,
      resolution: res ? { id: res.id, number: res.number } : null,
    };
  });
}
