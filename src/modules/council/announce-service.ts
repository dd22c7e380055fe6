/**
 * Announcing a meeting: members' e-mail addresses, the start time, invitations with the agenda
 * sent by e-mail (a job per round, each member's result recorded — sent or failed, a failed one
 * sent again by the next round), and the public notice of an assembly meeting posted on the
 * notice board through the portal's index at least 7 days ahead.
 */
import { appendAudit } from '../../platform/audit/chain.js';
import { type IsoDate, todayIn } from '../../platform/calendar/index.js';
import type { AppContext } from '../../platform/context.js';
import { type Actor, SYSTEM_ACTOR, withTenant } from '../../platform/db/tenant.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { isUuid, newId } from '../../platform/ids.js';
import { MAIL_NOT_CONFIGURED, outgoingMailConfigured, sendMail } from '../../platform/mail/index.js';
import { renderPdf } from '../../platform/pdf/index.js';
import { postNotice } from '../portal/index.js';
import {
  type Announcement,
  agendaLines,
  checkNoticeTiming,
  czechDate,
  invitationMail,
  isEmail,
  isStartTime,
  latestNoticeDay,
  NOTICE_DAYS_AHEAD,
} from './domain/announce.js';
import { pdb } from './proceedings-schema.js';
import { publicAgenda } from './redaction-service.js';
import { assertMinutesOpen, type CTx, inTenant, iso, loadMeeting, type MeetingView } from './service.js';

export const INVITATION_JOB = 'council.invitations';

// --- members' e-mail and the start time -------------------------------------------------------------

/** Sets (or clears, with null/'') the e-mail address invitations go to. */
export async function setMemberEmail(
  ctx: AppContext,
  actor: Actor,
  memberId: string,
  email: string | null,
): Promise<{ memberId: string; email: string | null }> {
  const value = email?.trim() || null;
  if (value !== null && !isEmail(value))
    throw invalid([{ field: 'email', message: 'This is not an e-mail address.' }]);
  if (!isUuid(memberId)) throw notFound('The member');
  return inTenant(ctx, actor, 'body.manage', async (tx) => {
    const r = await pdb(tx)
      .updateTable('council_member')
      .set({ email: value })
      .where('id', '=', memberId)
      .returning('id')
      .executeTakeFirst();
    if (!r) throw notFound('The member');
    await appendAudit(tx, {
      eventType: 'Uprava',
      objectType: 'Osoba',
      objectId: memberId,
      params: { council: 'memberEmail', email: value },
    });
    return { memberId, email: value };
  });
}

async function storeStartTime(tx: CTx, meetingId: string, startTime: string | null | undefined) {
  if (startTime === undefined || startTime === null || startTime === '') return;
  if (!isStartTime(startTime))
    throw invalid([{ field: 'startTime', message: 'Use a time as HH:MM, e.g. 16:00.' }]);
  await pdb(tx)
    .updateTable('council_meeting')
    .set({ start_time: startTime })
    .where('id', '=', meetingId)
    .execute();
}

export async function setStartTime(
  ctx: AppContext,
  actor: Actor,
  meetingId: string,
  startTime: string,
): Promise<AnnouncementView> {
  if (!isStartTime(startTime))
    throw invalid([{ field: 'startTime', message: 'Use a time as HH:MM, e.g. 16:00.' }]);
  return inTenant(ctx, actor, 'meeting.run', async (tx) => {
    await loadMeeting(tx, meetingId);
    await assertMinutesOpen(tx, meetingId);
    await storeStartTime(tx, meetingId, startTime);
    await appendAudit(tx, {
      eventType: 'Uprava',
      objectType: 'Spis',
      objectId: meetingId,
      params: { council: 'startTime', startTime },
    });
    return loadAnnouncement(tx, meetingId);
  });
}

// --- the announcement view --------------------------------------------------------------------------

export type InvitationState = 'queued' | 'sent' | 'failed';

export interface InvitationRow {
  memberId: string;
  name: string;
  role: string;
  /** Where an invitation would go now: the member's own address, else the linked user's. */
  email: string | null;
  invitation: {
    email: string;
    state: InvitationState;
    round: number;
    attempts: number;
    lastError: string | null;
    sentAt: Date | null;
  } | null;
}

export interface MeetingNoticeView {
  noticeId: string;
  boardNumber: string | null;
  postingDate: IsoDate;
  removalDate: IsoDate;
  /** From the dates: scheduled (before posting), posted, removed (after the removal day). */
  state: 'scheduled' | 'posted' | 'removed';
  /** The notice's public page on the tenant's notice board. */
  publicUrl: string;
}

export interface AnnouncementView {
  meetingId: string;
  bodyKind: string;
  date: IsoDate;
  startTime: string | null;
  place: string;
  today: IsoDate;
  held: boolean;
  recipients: InvitationRow[];
  mailConfigured: boolean;
  /** Only assemblies announce their meetings publicly. */
  noticeRequired: boolean;
  /** The last day the public notice may go up. */
  noticeLatest: IsoDate;
  noticeDaysAhead: number;
  notice: MeetingNoticeView | null;
}

/** Who is invited: the body's active members except the secretary (who sends the invitations). */
const invited = (m: { active: boolean; role: string }) => m.active && m.role !== 'secretary';

async function loadAnnouncement(
  tx: CTx,
  meetingId: string,
  mailConfigured = false,
): Promise<AnnouncementView> {
  const meeting = await loadMeeting(tx, meetingId);
  const db = pdb(tx);
  const extra = await db
    .selectFrom('council_meeting')
    .select('start_time')
    .where('id', '=', meetingId)
    .executeTakeFirstOrThrow();
  const members = await db
    .selectFrom('council_member as m')
    .leftJoin('app_user as u', 'u.id', 'm.user_id')
    .select(['m.id', 'm.name', 'm.role', 'm.active', 'm.email', 'u.email as user_email'])
    .where('m.body_id', '=', meeting.bodyId)
    .orderBy('m.name')
    .execute();
  const invitations = await db
    .selectFrom('council_invitation')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .execute();
  const byMember = new Map(invitations.map((i) => [i.member_id, i]));
  const notice = await db
    .selectFrom('council_meeting_notice')
    .select([
      'notice_id',
      'board_number',
      iso('posting_date').as('posting_date'),
      iso('removal_date').as('removal_date'),
    ])
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst();
  const t = await db
    .selectFrom('tenant')
    .select(['slug', 'time_zone'])
    .where('id', '=', tx.tenantId)
    .executeTakeFirstOrThrow();
  const today = todayIn(t.time_zone, tx.now);
  const recipients: InvitationRow[] = members
    .filter((m) => invited(m) || byMember.has(m.id))
    .map((m) => {
      const i = byMember.get(m.id);
      return {
        memberId: m.id,
        name: m.name,
        role: m.role,
        email: m.email ?? m.user_email ?? null,
        invitation: i
          ? {
              email: i.email,
              state: i.state as InvitationState,
              round: i.round,
              attempts: i.attempts,
              lastError: i.last_error,
              sentAt: i.sent_at,
            }
          : null,
      };
    });
  return {
    meetingId,
    bodyKind: meeting.body.kind,
    date: meeting.date as IsoDate,
    startTime: extra.start_time,
    place: meeting.place,
    today,
    held: meeting.date <= today,
    recipients,
    mailConfigured,
    noticeRequired: meeting.body.kind === 'assembly',
    noticeLatest: latestNoticeDay(meeting.date as IsoDate),
    noticeDaysAhead: NOTICE_DAYS_AHEAD,
    notice: notice
      ? {
          noticeId: notice.notice_id,
          boardNumber: notice.board_number,
          postingDate: notice.posting_date as IsoDate,
          removalDate: notice.removal_date as IsoDate,
          state:
            today < notice.posting_date ? 'scheduled' : today > notice.removal_date ? 'removed' : 'posted',
          publicUrl: `/${t.slug}/uredni-deska/${notice.notice_id}`,
        }
      : null,
  };
}

export async function getAnnouncement(
  ctx: AppContext,
  actor: Actor,
  meetingId: string,
): Promise<AnnouncementView> {
  return inTenant(ctx, actor, 'council.read', (tx) =>
    loadAnnouncement(tx, meetingId, outgoingMailConfigured(ctx.config)),
  );
}

// --- invitations ------------------------------------------------------------------------------------

const jobKey = (meetingId: string, round: number) => `${INVITATION_JOB}:${meetingId}:${round}`;

/**
 * Queues the invitations of a meeting: every invited member with an e-mail address who has not
 * been sent one yet (first round), and in later rounds the failed ones and members added since.
 * Refused: mail not configured, the meeting's day has come, no start time, an empty agenda,
 * a round still waiting, nobody left to invite.
 */
export async function sendInvitations(
  ctx: AppContext,
  actor: Actor,
  meetingId: string,
  input: { startTime?: string | null } = {},
): Promise<AnnouncementView & { queued: number; round: number }> {
  return inTenant(ctx, actor, 'meeting.run', async (tx) => {
    if (!outgoingMailConfigured(ctx.config)) throw conflict(MAIL_NOT_CONFIGURED);
    const meeting = await loadMeeting(tx, meetingId);
    await assertMinutesOpen(tx, meetingId);
    await storeStartTime(tx, meetingId, input.startTime);
    const a = await loadAnnouncement(tx, meetingId, true);
    if (a.held) throw conflict('Invitations are sent before the meeting day.');
    if (!a.startTime)
      throw invalid([{ field: 'startTime', message: 'Give the start time of the meeting (HH:MM).' }]);
    if (meeting.items.length === 0) throw conflict('The agenda is empty; add its items before inviting.');
    const db = pdb(tx);
    const rounds = await db
      .selectFrom('council_invitation')
      .select([(eb) => eb.fn.max('round').as('round')])
      .where('meeting_id', '=', meetingId)
      .executeTakeFirst();
    const lastRound = Number(rounds?.round ?? 0);
    if (a.recipients.some((r) => r.invitation?.state === 'queued'))
      throw conflict('Invitations of this meeting are waiting to be sent; wait for that round to finish.');
    const due = a.recipients.filter(
      (r) =>
        r.email &&
        invited({ active: true, role: r.role }) &&
        (!r.invitation || r.invitation.state === 'failed'),
    );
    if (due.length === 0)
      throw conflict(
        a.recipients.some((r) => !r.email)
          ? 'Nobody left to invite: the members without an invitation have no e-mail address.'
          : 'Every member has been invited already.',
      );
    const round = lastRound + 1;
    for (const r of due) {
      if (r.invitation)
        await db
          .updateTable('council_invitation')
          .set({ state: 'queued', round, email: r.email!, updated_at: tx.now })
          .where('meeting_id', '=', meetingId)
          .where('member_id', '=', r.memberId)
          .execute();
      else
        await db
          .insertInto('council_invitation')
          .values({
            id: newId(),
            tenant_id: tx.tenantId,
            meeting_id: meetingId,
            member_id: r.memberId,
            email: r.email!,
            state: 'queued',
            round,
            updated_at: tx.now,
          })
          .execute();
    }
    await ctx.jobs.enqueue(
      INVITATION_JOB,
      {
        tenantId: tx.tenantId,
        payload: { meetingId },
        singletonKey: jobKey(meetingId, round),
        maxAttempts: 3,
      },
      tx.trx,
    );
    await appendAudit(tx, {
      eventType: 'VlozeniKVypraveni',
      objectType: 'Spis',
      objectId: meetingId,
      params: { council: 'invitations', round, members: due.map((r) => r.memberId) },
    });
    return { ...(await loadAnnouncement(tx, meetingId, true)), queued: due.length, round };
  });
}

/**
 * The job of a round: sends every queued invitation of the meeting over SMTP and records each
 * result in its own transaction (sent with the Message-ID, or failed with the relay's error).
 * A member's failure does not stop the others and does not fail the job: the secretary sends
 * the failed ones again (a next round).
 */
export async function runInvitationJob(
  ctx: AppContext,
  job: { tenantId: string | null; payload: Record<string, unknown> },
): Promise<void> {
  const tenantId = job.tenantId;
  const meetingId = String(job.payload.meetingId ?? '');
  if (!tenantId || !isUuid(meetingId)) return;
  const run = <T>(fn: (tx: CTx) => Promise<T>) =>
    withTenant(ctx.db, tenantId, SYSTEM_ACTOR, (tx) => fn({ ...tx, db: tx.trx as unknown as CTx['db'] }), {
      now: ctx.clock.now(),
    });
  const work = await run(async (tx) => {
    const meeting = await loadMeeting(tx, meetingId).catch(() => null);
    if (!meeting) return null;
    const db = pdb(tx);
    const queued = await db
      .selectFrom('council_invitation as i')
      .innerJoin('council_member as m', 'm.id', 'i.member_id')
      .select(['i.id', 'i.email', 'i.round', 'm.name'])
      .where('i.meeting_id', '=', meetingId)
      .where('i.state', '=', 'queued')
      .orderBy('m.name')
      .execute();
    const extra = await db
      .selectFrom('council_meeting')
      .select('start_time')
      .where('id', '=', meetingId)
      .executeTakeFirstOrThrow();
    const tenant = await db
      .selectFrom('tenant')
      .select(['name', 'settings'])
      .where('id', '=', tenantId)
      .executeTakeFirstOrThrow();
    return { meeting, queued, startTime: extra.start_time ?? '', tenant };
  });
  if (!work) return;
  const announcement = announcementOf(work.meeting, work.startTime, work.tenant.name);
  for (const inv of work.queued) {
    const mail = invitationMail(announcement, inv.name);
    const messageId = `<invitation-${inv.id}-${inv.round}@samosprava>`;
    let error: string | null = null;
    try {
      await sendMail(ctx.config, {
        fromName: work.tenant.name,
        to: { name: inv.name, address: inv.email },
        subject: mail.subject,
        text: mail.text,
        messageId,
      });
    } catch (e) {
      error = (e instanceof Error ? e.message : String(e)).slice(0, 2000);
    }
    await run(async (tx) => {
      const db = pdb(tx);
      await db
        .updateTable('council_invitation')
        .set((eb) => ({
          state: error ? 'failed' : 'sent',
          attempts: eb('attempts', '+', 1),
          last_error: error,
          sent_at: error ? null : tx.now,
          message_id: error ? null : messageId,
          updated_at: tx.now,
        }))
        .where('id', '=', inv.id)
        .where('state', '=', 'queued')
        .execute();
      await appendAudit(tx, {
        eventType: error ? 'Uprava' : 'Vypraveno',
        objectType: 'Zasilka',
        objectId: inv.id,
        params: error
          ? { council: 'invitationFailed', meetingId, error }
          : { council: 'invitationSent', meetingId, messageId },
      });
    });
  }
}

function announcementOf(meeting: MeetingView, startTime: string, tenantName: string): Announcement {
  return {
    bodyName: meeting.body.name,
    tenantName,
    number: meeting.number,
    year: meeting.year,
    date: meeting.date as IsoDate,
    startTime,
    place: meeting.place,
    items: meeting.items.map((i) => ({ position: i.position, title: i.title, reference: i.reference })),
  };
}

// --- the public notice (assemblies) -----------------------------------------------------------------

/** The notice as a PDF: who meets, when, where, and the proposed agenda. */
export async function renderNoticePdf(a: Announcement, now: Date): Promise<Uint8Array> {
  return renderPdf({
    title: `Informace o konání ${a.number}. zasedání – ${a.bodyName}`,
    author: a.tenantName,
    subject: 'Informace o místě, době a navrženém programu zasedání (§ 93 odst. 1 zákona o obcích)',
    lang: 'cs',
    createdAt: now,
    blocks: [
      { kind: 'title', text: a.tenantName },
      { kind: 'heading', text: `Informace o konání ${a.number}. zasedání – ${a.bodyName}` },
      {
        kind: 'facts',
        rows: [
          ['Datum a čas', `${czechDate(a.date)} v ${a.startTime}`],
          ['Místo konání', a.place],
        ],
      },
      { kind: 'heading', text: 'Navržený program' },
      ...agendaLines(a.items).map((text) => ({ kind: 'paragraph' as const, text })),
      { kind: 'spacer' },
      { kind: 'paragraph', text: 'Zasedání je veřejné.' },
    ],
    footer: a.tenantName,
  });
}

/**
 * Posts the public notice of an assembly meeting on the notice board (portal's postNotice):
 * a PDF with place, time and agenda, shown from `postingDate` (default today) until the
 * meeting day. Refused (422) when fewer than 7 days remain before the meeting; 409 when the
 * body is not an assembly, the notice exists already, or the agenda is empty.
 *
 * Two transactions on purpose: the notice board's own (postNotice) and then ours recording the
 * notice on the meeting; the checks run before both, so a refusal changes nothing.
 */
export async function postMeetingNotice(
  ctx: AppContext,
  actor: Actor,
  meetingId: string,
  input: { postingDate?: string | null; startTime?: string | null } = {},
): Promise<AnnouncementView> {
  const prepared = await inTenant(ctx, actor, 'meeting.run', async (tx) => {
    const meeting = await loadMeeting(tx, meetingId);
    if (input.startTime && !isStartTime(input.startTime))
      throw invalid([{ field: 'startTime', message: 'Use a time as HH:MM, e.g. 16:00.' }]);
    const a = await loadAnnouncement(tx, meetingId);
    if (!a.noticeRequired)
      throw conflict(
        'Only assembly meetings are announced on the notice board; this body is not an assembly.',
      );
    if (a.notice) throw conflict('The public notice of this meeting has been posted already.');
    // The 7-day rule first: no other fix helps a meeting announced too late.
    const timing = checkNoticeTiming(a.date, input.postingDate || a.today, a.today);
    if (!timing.ok) throw invalid([{ field: 'postingDate', message: timing.message }], timing.message);
    const startTime = input.startTime || a.startTime;
    if (!startTime)
      throw invalid([{ field: 'startTime', message: 'Give the start time of the meeting (HH:MM).' }]);
    if (meeting.items.length === 0)
      throw conflict('The agenda is empty; the notice must give the proposed agenda.');
    const tenant = await pdb(tx)
      .selectFrom('tenant')
      .select('name')
      .where('id', '=', tx.tenantId)
      .executeTakeFirstOrThrow();
    // The notice is public: agenda titles as published, with personal data redacted.
    const agenda = await publicAgenda(tx, meetingId);
    return { meeting, startTime, postingDate: timing.postingDate, tenantName: tenant.name, agenda };
  });
  const { meeting, startTime, postingDate, tenantName, agenda } = prepared;
  const full = announcementOf(meeting, startTime, tenantName);
  const announcement = {
    ...full,
    items: full.items.map((i) => ({ ...i, title: agenda.get(i.position)?.title ?? i.title })),
  };
  const pdf = await renderNoticePdf(announcement, ctx.clock.now());
  const notice = await postNotice(ctx, actor, actor.tenantId!, {
    title: `Informace o konání ${meeting.number}. zasedání – ${meeting.body.name} dne ${czechDate(announcement.date)}`,
    description: [
      `Datum a čas: ${czechDate(announcement.date)} v ${startTime}`,
      `Místo konání: ${meeting.place}`,
      'Navržený program:',
      ...agendaLines(announcement.items),
    ].join('\n'),
    category: 'council',
    postingDate,
    removalDate: meeting.date,
    documents: [
      {
        filename: `oznameni-zasedani-${meeting.body.code}-${meeting.number}-${meeting.year}.pdf`,
        content: pdf,
      },
    ],
    source: 'council',
  });
  return inTenant(ctx, actor, 'meeting.run', async (tx) => {
    await storeStartTime(tx, meetingId, startTime);
    const inserted = await pdb(tx)
      .insertInto('council_meeting_notice')
      .values({
        meeting_id: meetingId,
        tenant_id: tx.tenantId,
        notice_id: notice.id,
        board_number: notice.boardNumber,
        posting_date: notice.postingDate,
        removal_date: notice.removalDate,
        created_by: tx.actor.userId,
      })
      .onConflict((oc) => oc.column('meeting_id').doNothing())
      .returning('meeting_id')
      .executeTakeFirst();
    if (!inserted) throw conflict('The public notice of this meeting has been posted already.');
    await appendAudit(tx, {
      eventType: 'Uprava',
      objectType: 'Spis',
      objectId: meetingId,
      params: { council: 'publicNotice', noticeId: notice.id, postingDate: notice.postingDate },
    });
    return loadAnnouncement(tx, meetingId, outgoingMailConfigured(ctx.config));
  });
}
