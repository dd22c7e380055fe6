/**
 * Use cases of the minutes (zápis): the secretary writes the discussion notes, the verifiers
 * (ověřovatelé) approve the current text in the app, the secretary makes the minutes final. Final
 * minutes are frozen: their PDF is stored in the file store, its SHA-256 is written into the audit
 * chain, and the meeting's agenda, attendance, votes, decisions and notes can no longer change.
 * Each use case is one tenant transaction with its audit entry.
 */

import type { Transaction } from 'kysely';
import { appendAudit } from '../../platform/audit/chain.js';
import { getFile, storeFile } from '../../platform/blobs/index.js';
import { type Country, type Explanation, type IsoDate, todayIn } from '../../platform/calendar/index.js';
import type { AppContext } from '../../platform/context.js';
import { type Actor, PUBLIC_ACTOR, withTenant } from '../../platform/db/tenant.js';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors.js';
import { type Locale, translator } from '../../platform/i18n/index.js';
import { isUuid } from '../../platform/ids.js';
import type { Clause } from './domain/material.js';
import {
  buildMinutes,
  finalisationBlockers,
  type MinutesDoc,
  type MinutesMotionInput,
  type MinutesState,
  minutesDigest,
  minutesDue,
  minutesState,
} from './domain/minutes.js';
import type { AmendmentChange, MotionKind, MotionState } from './domain/motions.js';
import type { Ballot } from './domain/voting.js';
import { renderMinutesPdf } from './minutes-pdf.js';
import { pdb } from './proceedings-schema.js';
import type { CouncilDB } from './schema.js';
import {
  assertMinutesOpen,
  type CTx,
  inTenant,
  iso,
  loadMeeting,
  lockMeeting,
  type MeetingView,
} from './service.js';

export interface VerifierStatus {
  memberId: string;
  name: string;
  userId: string | null;
  approvedAt: Date | null;
  /** The approval covers the current text (not an earlier one). */
  current: boolean;
}

export interface MinutesView {
  meetingId: string;
  bodyId: string;
  bodyCode: string;
  bodyName: string;
  number: number;
  year: number;
  date: IsoDate;
  place: string;
  due: IsoDate;
  dueExplanation: Explanation;
  state: MinutesState;
  final: boolean;
  finalAt: Date | null;
  pdfSha256: string | null;
  /** Číslo jednací when the final minutes were registered in records management. */
  recordsRef: string | null;
  /** SHA-256 of the current content: what a verifier's approval covers. */
  digest: string;
  doc: MinutesDoc;
  verifiers: VerifierStatus[];
  /** Why the minutes cannot be made final now (empty when they can, or are final). */
  blockers: string[];
  /** The discussion note per agenda item id (for the secretary's form). */
  notes: Record<string, string>;
  /** The agenda items' ids in order (the note fields of the secretary's form). */
  items: { id: string; position: number; title: string }[];
  locale: Locale;
  timeZone: string;
}

interface TenantRow {
  name: string;
  country: Country;
  time_zone: string;
  locale: Locale;
}

async function tenantRow(tx: CTx): Promise<TenantRow> {
  return tx.db
    .selectFrom('tenant')
    .select(['name', 'country', 'time_zone', 'locale'])
    .where('id', '=', tx.tenantId)
    .executeTakeFirstOrThrow() as Promise<TenantRow>;
}

const votes = (m: MeetingView['body']['members'][number]) =>
  m.active && !m.substitute && m.role !== 'secretary';

/** Counter-proposals and amendments with their votes, by agenda item id. */
async function itemMotions(tx: CTx, itemIds: string[]): Promise<Map<string, MinutesMotionInput[]>> {
  const out = new Map<string, MinutesMotionInput[]>();
  if (!itemIds.length) return out;
  const rows = await pdb(tx)
    .selectFrom('council_motion')
    .selectAll()
    .where('item_id', 'in', itemIds)
    .execute();
  for (const r of rows) {
    const list = out.get(r.item_id) ?? [];
    list.push({
      kind: r.kind as MotionKind,
      seq: r.seq,
      proposer: r.proposer,
      ...(r.clauses ? { clauses: r.clauses as Clause[] } : {}),
      ...(r.change ? { change: r.change as AmendmentChange } : {}),
      state: r.state as MotionState,
      vote: r.vote_kind
        ? {
            kind: r.vote_kind as 'named' | 'aggregate',
            tally: { for: r.votes_for!, against: r.against!, abstain: r.abstain!, notVoting: r.not_voting! },
            ballots: (r.ballots ?? []) as Ballot[],
          }
        : null,
      votedAt: r.voted_at ? new Date(r.voted_at).toISOString() : null,
    });
    out.set(r.item_id, list);
  }
  return out;
}

/** Everything about the minutes of one meeting, read in the caller's transaction. */
export async function loadMinutes(tx: CTx, meetingId: string): Promise<MinutesView> {
  const meeting = await loadMeeting(tx, meetingId);
  const tenant = await tenantRow(tx);
  const row = await tx.db
    .selectFrom('council_minutes')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst();
  const noteRows = await tx.db
    .selectFrom('council_item_note')
    .select(['item_id', 'text'])
    .where('meeting_id', '=', meetingId)
    .execute();
  const notes = Object.fromEntries(noteRows.map((n) => [n.item_id, n.text]));
  const materialIds = meeting.items.flatMap((i) => (i.materialId ? [i.materialId] : []));
  const submitters = new Map<string, string>();
  if (materialIds.length) {
    // The submitter of the version the meeting dealt with (the current one).
    const rows = await tx.db
      .selectFrom('council_material as m')
      .innerJoin('council_material_version as v', (j) =>
        j.onRef('v.material_id', '=', 'm.id').onRef('v.version', '=', 'm.current_version'),
      )
      .select(['m.id', 'v.submitter'])
      .where('m.id', 'in', materialIds)
      .execute();
    for (const r of rows) submitters.set(r.id, r.submitter);
  }
  const resolutions = await tx.db
    .selectFrom('council_resolution')
    .select(['item_id', 'number', 'clauses'])
    .where('meeting_id', '=', meetingId)
    .execute();
  const clausesOf = new Map(resolutions.map((r) => [r.item_id, r.clauses as Clause[]]));
  const motionsOf = await itemMotions(
    tx,
    meeting.items.map((i) => i.id),
  );
  const doc = buildMinutes({
    tenantName: tenant.name,
    body: {
      code: meeting.body.code,
      name: meeting.body.name,
      seats: meeting.body.seats,
      majority: meeting.body.majority,
    },
    meeting: {
      number: meeting.number,
      year: meeting.year,
      date: meeting.date as IsoDate,
      place: meeting.place,
    },
    members: meeting.body.members
      .filter((m) => m.active || meeting.attendance.some((a) => a.memberId === m.id))
      .map((m) => ({ id: m.id, name: m.name, role: m.role, votes: votes(m) })),
    attendance: meeting.attendance,
    items: meeting.items.map((i) => ({
      position: i.position,
      section: i.section,
      title: i.title,
      reference: i.reference,
      submitter: i.materialId ? (submitters.get(i.materialId) ?? null) : null,
      note: notes[i.id] ?? '',
      vote: i.vote,
      outcome: i.outcome,
      resolution: i.resolution ? { number: i.resolution.number, clauses: clausesOf.get(i.id) ?? [] } : null,
      motions: motionsOf.get(i.id) ?? [],
    })),
    opening: row?.opening ?? '',
    closing: row?.closing ?? '',
  });
  const digest = minutesDigest(doc);
  const approvals = await tx.db
    .selectFrom('council_minutes_approval')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .execute();
  const verifiers: VerifierStatus[] = meeting.body.members
    .filter((m) => m.active && m.role === 'verifier')
    .map((m) => {
      const a = approvals.find((x) => x.member_id === m.id);
      return {
        memberId: m.id,
        name: m.name,
        userId: m.userId,
        approvedAt: a?.approved_at ?? null,
        current: a?.digest === digest,
      };
    });
  const today = todayIn(tenant.time_zone, tx.now);
  const due = minutesDue(meeting.date as IsoDate, tenant.country);
  const final = row?.state === 'final';
  const finalOn = final && row?.final_at ? todayIn(tenant.time_zone, row.final_at) : null;
  return {
    meetingId,
    bodyId: meeting.bodyId,
    bodyCode: meeting.body.code,
    bodyName: meeting.body.name,
    number: meeting.number,
    year: meeting.year,
    date: meeting.date as IsoDate,
    place: meeting.place,
    due: due.due,
    dueExplanation: due.explanation,
    state: minutesState({ meetingDate: meeting.date as IsoDate, due: due.due, today, finalOn }),
    final,
    finalAt: row?.final_at ?? null,
    pdfSha256: row?.pdf_sha256 ?? null,
    recordsRef: (row as { records_ref?: string | null } | undefined)?.records_ref ?? null,
    digest,
    doc,
    verifiers,
    blockers: final
      ? []
      : finalisationBlockers({
          meetingDate: meeting.date as IsoDate,
          today,
          undecided: meeting.items.filter((i) => i.materialId && !i.outcome).map((i) => i.position),
          verifiers: verifiers.map((v) => ({ name: v.name, approvedDigest: v.current ? digest : null })),
          digest,
        }),
    notes,
    items: meeting.items.map((i) => ({ id: i.id, position: i.position, title: i.title })),
    locale: tenant.locale,
    timeZone: tenant.time_zone,
  };
}

export async function getMinutes(ctx: AppContext, actor: Actor, meetingId: string): Promise<MinutesView> {
  return inTenant(ctx, actor, 'council.read', (tx) => loadMinutes(tx, meetingId));
}

export interface MinutesSummary {
  meetingId: string;
  bodyCode: string;
  number: number;
  year: number;
  date: IsoDate;
  due: IsoDate;
  state: MinutesState;
}

/** Every meeting with the due date and state of its minutes, newest first (overdue ones stand out). */
export async function listMinutes(ctx: AppContext, actor: Actor): Promise<MinutesSummary[]> {
  return inTenant(ctx, actor, 'council.read', async (tx) => {
    const tenant = await tenantRow(tx);
    const today = todayIn(tenant.time_zone, tx.now);
    const rows = await tx.db
      .selectFrom('council_meeting as m')
      .innerJoin('council_body as b', 'b.id', 'm.body_id')
      .leftJoin('council_minutes as n', 'n.meeting_id', 'm.id')
      .select(['m.id', 'b.code', 'm.number', 'm.year', iso('m.date').as('date'), 'n.state', 'n.final_at'])
      .orderBy('m.date', 'desc')
      .orderBy('b.code')
      .execute();
    return rows.map((r) => {
      const due = minutesDue(r.date as IsoDate, tenant.country).due;
      const finalOn = r.state === 'final' && r.final_at ? todayIn(tenant.time_zone, r.final_at) : null;
      return {
        meetingId: r.id,
        bodyCode: r.code,
        number: r.number,
        year: r.year,
        date: r.date as IsoDate,
        due,
        state: minutesState({ meetingDate: r.date as IsoDate, due, today, finalOn }),
      };
    });
  });
}

/**
 * The minutes that need someone now: drafts past their due day, and (for a verifier) held meetings
 * whose current text they have not approved yet. For the staff dashboard.
 */
export async function minutesWork(
  ctx: AppContext,
  actor: Actor,
): Promise<{ overdue: MinutesSummary[]; toApprove: MinutesSummary[] }> {
  const list = await listMinutes(ctx, actor);
  const overdue = list.filter((m) => m.state === 'overdue');
  const drafts = list.filter((m) => m.state === 'open' || m.state === 'overdue');
  if (!actor.userId || drafts.length === 0) return { overdue, toApprove: [] };
  const toApprove = await inTenant(ctx, actor, 'council.read', async (tx) => {
    const mine = await tx.db
      .selectFrom('council_member as mb')
      .innerJoin('council_meeting as m', 'm.body_id', 'mb.body_id')
      .select('m.id')
      .where('mb.user_id', '=', actor.userId)
      .where('mb.role', '=', 'verifier')
      .where('mb.active', '=', true)
      .where(
        'm.id',
        'in',
        drafts.map((d) => d.meetingId),
      )
      .execute();
    const out: MinutesSummary[] = [];
    for (const { id } of mine) {
      const m = await loadMinutes(tx, id);
      if (!m.verifiers.some((v) => v.userId === actor.userId && v.current))
        out.push(drafts.find((d) => d.meetingId === id)!);
    }
    return out;
  });
  return { overdue, toApprove };
}

async function ensureRow(tx: CTx, meetingId: string): Promise<void> {
  await tx.db
    .insertInto('council_minutes')
    .values({ meeting_id: meetingId, tenant_id: tx.tenantId, updated_at: tx.now })
    .onConflict((oc) => oc.column('meeting_id').doNothing())
    .execute();
}

const MAX_NOTE = 20_000;

export interface MinutesNotesInput {
  opening?: string;
  closing?: string;
  /** Discussion note per agenda item id; an empty text removes the note. */
  notes?: Record<string, string>;
}

/** The secretary writes the opening, closing and per-item discussion notes of a draft. */
export async function saveMinutesNotes(
  ctx: AppContext,
  actor: Actor,
  meetingId: string,
  input: MinutesNotesInput,
): Promise<MinutesView> {
  return inTenant(ctx, actor, 'meeting.run', async (tx) => {
    const meeting = await loadMeeting(tx, meetingId);
    await assertMinutesOpen(tx, meetingId);
    const issues: { field: string; message: string }[] = [];
    for (const f of ['opening', 'closing'] as const) {
      const v = input[f];
      if (v !== undefined && v.length > MAX_NOTE) issues.push({ field: f, message: 'The text is too long.' });
    }
    for (const [itemId, text] of Object.entries(input.notes ?? {})) {
      if (!meeting.items.some((i) => i.id === itemId))
        issues.push({ field: `notes/${itemId}`, message: 'Not an item of this meeting.' });
      else if (text.length > MAX_NOTE)
        issues.push({ field: `notes/${itemId}`, message: 'The text is too long.' });
    }
    if (issues.length) throw invalid(issues);
    await ensureRow(tx, meetingId);
    const set: { opening?: string; closing?: string; updated_at: Date } = { updated_at: tx.now };
    if (input.opening !== undefined) set.opening = input.opening.trim();
    if (input.closing !== undefined) set.closing = input.closing.trim();
    await tx.db.updateTable('council_minutes').set(set).where('meeting_id', '=', meetingId).execute();
    for (const [itemId, raw] of Object.entries(input.notes ?? {})) {
      const text = raw.trim();
      if (!text) {
        await tx.db.deleteFrom('council_item_note').where('item_id', '=', itemId).execute();
        continue;
      }
      await tx.db
        .insertInto('council_item_note')
        .values({
          item_id: itemId,
          tenant_id: tx.tenantId,
          meeting_id: meetingId,
          text,
          updated_at: tx.now,
          updated_by: tx.actor.userId,
        })
        .onConflict((oc) =>
          oc.column('item_id').doUpdateSet({ text, updated_at: tx.now, updated_by: tx.actor.userId }),
        )
        .execute();
    }
    const after = await loadMinutes(tx, meetingId);
    await appendAudit(tx, {
      eventType: 'Uprava',
      objectType: 'Spis',
      objectId: meetingId,
      params: { council: 'minutesNotes', digest: after.digest },
    });
    return after;
  });
}

/**
 * A verifier approves the current text of the minutes. Only an active member of the meeting's
 * body with the role verifier, linked to the signed-in user, may (403 otherwise). Approving again
 * after a change replaces the earlier approval.
 */
export async function approveMinutes(ctx: AppContext, actor: Actor, meetingId: string): Promise<MinutesView> {
  return inTenant(ctx, actor, 'minutes.approve', async (tx) => {
    const current = await loadMinutes(tx, meetingId);
    const me = current.verifiers.find((v) => v.userId && v.userId === actor.userId);
    if (!me) throw forbidden('Only the verifiers (ověřovatelé) of this body approve its minutes.');
    if (current.final) throw conflict('The minutes are already final.');
    if (current.state === 'upcoming') throw conflict('The meeting has not taken place yet.');
    await ensureRow(tx, meetingId);
    await tx.db
      .insertInto('council_minutes_approval')
      .values({
        tenant_id: tx.tenantId,
        meeting_id: meetingId,
        member_id: me.memberId,
        user_id: actor.userId!,
        digest: current.digest,
        approved_at: tx.now,
      })
      .onConflict((oc) =>
        oc.columns(['meeting_id', 'member_id']).doUpdateSet({
          user_id: actor.userId!,
          digest: current.digest,
          approved_at: tx.now,
        }),
      )
      .execute();
    await appendAudit(tx, {
      eventType: 'Schvaleni',
      objectType: 'Spis',
      objectId: meetingId,
      params: { council: 'minutesApproved', verifier: me.name, digest: current.digest },
    });
    return loadMinutes(tx, meetingId);
  });
}

function pdfName(m: MinutesView): string {
  return `zapis-${m.bodyCode}-${m.number}-${m.year}.pdf`;
}

async function render(m: MinutesView, finalAt: Date | null): Promise<Uint8Array> {
  return renderMinutesPdf(m.doc, {
    t: translator(m.locale),
    locale: m.locale,
    timeZone: m.timeZone,
    finalAt,
    approvals: m.verifiers
      .filter((v) => v.current && v.approvedAt)
      .map((v) => ({ name: v.name, at: v.approvedAt! })),
  });
}

/**
 * The secretary makes the minutes final once every verifier has approved the current text and
 * every item is decided (409 otherwise, naming what is missing). The PDF is rendered, stored as a
 * file of the tenant, and its SHA-256 goes into the audit chain; from then on the meeting is frozen.
 */
export async function finaliseMinutes(
  ctx: AppContext,
  actor: Actor,
  meetingId: string,
): Promise<MinutesView> {
  return inTenant(ctx, actor, 'meeting.run', async (tx) => {
    await loadMeeting(tx, meetingId);
    await lockMeeting(tx, meetingId);
    const m = await loadMinutes(tx, meetingId);
    if (m.final) throw conflict('The minutes are already final.');
    if (m.blockers.length) throw conflict(`The minutes cannot be made final: ${m.blockers.join(' ')}`);
    const pdf = await render(m, tx.now);
    const file = await storeFile(ctx, tx, { filename: pdfName(m), source: Buffer.from(pdf) });
    await ensureRow(tx, meetingId);
    await tx.db
      .updateTable('council_minutes')
      .set({
        state: 'final',
        final_at: tx.now,
        final_by: tx.actor.userId,
        pdf_blob_id: file.id,
        pdf_sha256: file.sha256,
        updated_at: tx.now,
      })
      .where('meeting_id', '=', meetingId)
      .execute();
    await appendAudit(tx, {
      eventType: 'Uzavreni',
      objectType: 'Dokument',
      objectId: meetingId,
      params: {
        council: 'minutesFinal',
        body: m.bodyCode,
        meeting: `${m.number}/${m.year}`,
        sha256: file.sha256,
        blobId: file.id,
        digest: m.digest,
        verifiers: m.verifiers.map((v) => v.name),
      },
    });
    return loadMinutes(tx, meetingId);
  });
}

export interface MinutesPdf {
  filename: string;
  content: Buffer;
  final: boolean;
}

async function pdfOf(
  ctx: AppContext,
  tx: CTx,
  meetingId: string,
  draftAllowed: boolean,
): Promise<MinutesPdf> {
  const m = await loadMinutes(tx, meetingId);
  if (m.final) {
    const row = await tx.db
      .selectFrom('council_minutes')
      .select('pdf_blob_id')
      .where('meeting_id', '=', meetingId)
      .executeTakeFirstOrThrow();
    const file = await getFile(ctx, tx, row.pdf_blob_id!);
    return { filename: file.record.filename, content: await file.read(), final: true };
  }
  if (!draftAllowed) throw notFound('The minutes');
  return {
    filename: pdfName(m).replace('.pdf', '-navrh.pdf'),
    content: Buffer.from(await render(m, null)),
    final: false,
  };
}

/** Staff: the final PDF as stored, or a preview of the draft rendered now. */
export async function getMinutesPdf(ctx: AppContext, actor: Actor, meetingId: string): Promise<MinutesPdf> {
  return inTenant(ctx, actor, 'council.read', (tx) => pdfOf(ctx, tx, meetingId, true));
}

// --- public --------------------------------------------------------------------------------------

export function publicTx<T>(ctx: AppContext, tenantId: string, fn: (tx: CTx) => Promise<T>): Promise<T> {
  return withTenant(
    ctx.db,
    tenantId,
    PUBLIC_ACTOR,
    (tx) => fn({ ...tx, db: tx.trx as unknown as Transaction<CouncilDB> }),
    { now: ctx.clock.now() },
  );
}

export async function getPublicMinutesPdf(
  ctx: AppContext,
  tenantId: string,
  meetingId: string,
): Promise<MinutesPdf> {
  if (!isUuid(meetingId)) throw notFound('The minutes');
  return publicTx(ctx, tenantId, (tx) => pdfOf(ctx, tx, meetingId, false));
}
