/**
 * Announcing a meeting: the invitation of the members (pozvánka) and, for an assembly, the
 * public notice on the official notice board at least 7 days ahead (§93(1) zákon o obcích
 * 128/2000 Sb.: "alespoň 7 dní před zasedáním"; §43 zákon o krajích likewise). Pure rules.
 */
import { addDays, compare, daysBetween, type IsoDate, isIsoDate } from '../../../platform/calendar/index.js';

/** Days between posting the notice and the meeting, at the least. */
export const NOTICE_DAYS_AHEAD = 7;

/** The last day the notice may go up for a meeting on `meetingDate`. */
export function latestNoticeDay(meetingDate: IsoDate): IsoDate {
  return addDays(meetingDate, -NOTICE_DAYS_AHEAD);
}

export type NoticeTiming =
  | { ok: true; postingDate: IsoDate; daysAhead: number }
  | { ok: false; code: 'badDate' | 'postingInPast' | 'tooLate'; message: string; latest: IsoDate | null };

/**
 * May a notice posted on `postingDate` (default today) announce a meeting on `meetingDate`?
 * It must go up today or later, and at least 7 days before the meeting day.
 */
export function checkNoticeTiming(meetingDate: IsoDate, postingDate: string, today: IsoDate): NoticeTiming {
  if (!isIsoDate(postingDate))
    return { ok: false, code: 'badDate', message: 'Use a date as YYYY-MM-DD.', latest: null };
  const latest = latestNoticeDay(meetingDate);
  if (compare(postingDate, today) < 0)
    return {
      ok: false,
      code: 'postingInPast',
      message: 'A notice cannot be posted on a day that has passed.',
      latest,
    };
  const daysAhead = daysBetween(postingDate, meetingDate);
  if (daysAhead < NOTICE_DAYS_AHEAD)
    return {
      ok: false,
      code: 'tooLate',
      message:
        `The meeting on ${meetingDate} must be announced at least ${NOTICE_DAYS_AHEAD} days ahead, ` +
        `i.e. posted by ${latest}; ${Math.max(daysAhead, 0)} days remain.`,
      latest,
    };
  return { ok: true, postingDate, daysAhead };
}

/** A start time as HH:MM (24 h). */
export function isStartTime(v: unknown): v is string {
  return typeof v === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(v);
}

/** A plausible e-mail address (one @, no spaces); the relay has the last word. */
export function isEmail(v: unknown): v is string {
  return typeof v === 'string' && v.length <= 254 && /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(v);
}

export interface AnnouncedItem {
  position: number;
  title: string;
  reference: string | null;
}

export interface Announcement {
  bodyName: string;
  tenantName: string;
  number: number;
  year: number;
  date: IsoDate;
  startTime: string;
  place: string;
  items: readonly AnnouncedItem[];
}

/** "15. 4. 2026" — Czech day form used in invitations and notices. */
export function czechDate(d: IsoDate): string {
  const [y, m, day] = d.split('-').map(Number);
  return `${day}. ${m}. ${y}`;
}

/** The agenda as numbered lines ("1. Rozpočtové opatření (ZM-3-2026-1)"). */
export function agendaLines(items: readonly AnnouncedItem[]): string[] {
  return items.map((i) => `${i.position}. ${i.title}${i.reference ? ` (${i.reference})` : ''}`);
}

/** Subject and plain text of a member's invitation (Czech, as the office sends it). */
export function invitationMail(a: Announcement, memberName: string): { subject: string; text: string } {
  const when = `${czechDate(a.date)} v ${a.startTime}`;
  return {
    subject: `Pozvánka na ${a.number}. zasedání – ${a.bodyName}, ${when}`,
    text: [
      `Vážená paní, vážený pane ${memberName},`,
      '',
      `zveme Vás na ${a.number}. zasedání orgánu ${a.bodyName}, které se koná dne ${when}, místo konání: ${a.place}.`,
      '',
      'Navržený program:',
      ...agendaLines(a.items),
      '',
      'S pozdravem',
      a.tenantName,
      '',
    ].join('\n'),
  };
}
