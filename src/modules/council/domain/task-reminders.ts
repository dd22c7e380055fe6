/**
 * Reminders of tasks imposed by resolutions: which open tasks are reminded (due within N days,
 * or overdue) and to whom. A task's responsible is free text ("starosta", "Ing. Jana Malá",
 * "odbor finanční"): a member of the body or a staff user of that name with an e-mail address is
 * reminded; a department or anyone without an address falls back to the council secretaries,
 * who follow the tasks up anyway. Pure: values in, values out.
 */
import { addDays, compare, type IsoDate } from '../../../platform/calendar/index.js';

export const REMINDER_DAYS = 7;

export type ReminderKind = 'due_soon' | 'overdue';

/** `overdue` from the day after the deadline, `due_soon` up to `days` days ahead, else none. */
export function reminderKind(due: IsoDate, today: IsoDate, days = REMINDER_DAYS): ReminderKind | null {
  if (compare(due, today) < 0) return 'overdue';
  if (compare(due, addDays(today, days)) <= 0) return 'due_soon';
  return null;
}

export interface Addressee {
  name: string;
  email: string | null;
}

/** Names compared as people type them: case, spacing and diacritics aside ("Jana  Malá" = "jana mala"). */
export function sameName(a: string, b: string): boolean {
  const fold = (s: string) =>
    s.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('cs').replace(/\s+/g, ' ').trim();
  return fold(a) === fold(b);
}

/**
 * Who gets the reminder: the members of the task's body named as the responsible (with an
 * address), else other members or staff users of that name, else the secretaries with an
 * address. `personal` says whether the responsible themself is reminded. Each address once.
 */
export function reminderRecipients(input: {
  responsible: string;
  bodyMembers: readonly Addressee[];
  otherMembers: readonly Addressee[];
  users: readonly Addressee[];
  secretaries: readonly Addressee[];
}): { to: { name: string; address: string }[]; personal: boolean } {
  const pick = (list: readonly Addressee[], match: boolean) =>
    list.filter((p) => p.email && (!match || sameName(p.name, input.responsible)));
  const unique = (list: Addressee[]) => {
    const seen = new Set<string>();
    return list.flatMap((p) => {
      const key = p.email!.toLowerCase();
      if (seen.has(key)) return [];
      seen.add(key);
      return [{ name: p.name, address: p.email! }];
    });
  };
  for (const list of [input.bodyMembers, input.otherMembers, input.users]) {
    const found = pick(list, true);
    if (found.length) return { to: unique(found), personal: true };
  }
  return { to: unique(pick(input.secretaries, false)), personal: false };
}
