/**
 * The "kontrola plnění usnesení" report a body receives at its next meeting: the tasks of its
 * resolutions, split into overdue, open (not yet due) and done/cancelled since the previous
 * report. Pure: rows in, sections out.
 */
import { compare, type IsoDate } from '../../../platform/calendar/index.js';

export interface ReportTask {
  id: string;
  resolutionNumber: string;
  text: string;
  responsible: string;
  due: IsoDate;
  state: 'open' | 'done' | 'cancelled';
  /** The day it was marked done/cancelled. */
  closedOn: IsoDate | null;
  reason: string | null;
  /** Fulfilment reports, oldest first. */
  reports: { date: IsoDate; text: string; files: number }[];
}

export interface TaskReportSections<T extends ReportTask = ReportTask> {
  overdue: T[];
  open: T[];
  closed: T[];
}

/**
 * `asOf` = the day of the meeting the report is for; `since` = the previous meeting of the body
 * (tasks closed on or before it were reported then; null: every closed task).
 */
export function taskReportSections<T extends ReportTask>(
  tasks: readonly T[],
  asOf: IsoDate,
  since: IsoDate | null,
): TaskReportSections<T> {
  const byDue = [...tasks].sort(
    (a, b) => compare(a.due, b.due) || a.resolutionNumber.localeCompare(b.resolutionNumber),
  );
  return {
    overdue: byDue.filter((t) => t.state === 'open' && compare(t.due, asOf) < 0),
    open: byDue.filter((t) => t.state === 'open' && compare(t.due, asOf) >= 0),
    closed: byDue.filter(
      (t) =>
        t.state !== 'open' &&
        t.closedOn !== null &&
        compare(t.closedOn, asOf) <= 0 &&
        (since === null || compare(t.closedOn, since) > 0),
    ),
  };
}

export type CloseIssue = {
  field: string;
  code: 'badState' | 'noReason' | 'noReport' | 'badDate';
  message: string;
};

/** Done needs a fulfilment report (the proof); cancelled needs the reason. */
export function checkClose(state: string, reason: string, reportCount: number): CloseIssue[] {
  if (state !== 'done' && state !== 'cancelled')
    return [{ field: 'state', code: 'badState', message: 'Use done or cancelled.' }];
  if (state === 'cancelled' && !reason.trim())
    return [{ field: 'reason', code: 'noReason', message: 'Give the reason why the task is cancelled.' }];
  if (state === 'done' && reportCount === 0)
    return [
      {
        field: 'state',
        code: 'noReport',
        message: 'Add a fulfilment report before marking the task done.',
      },
    ];
  return [];
}
