/**
 * The UTC instant at which a calendar day starts in a time zone (e.g. 2026-03-29 in
 * Europe/Prague starts at 2026-03-28T23:00Z). Needed wherever a "day" of an office is turned
 * into a range of timestamps: audit renderings, journals, exports.
 */
export function startOfDayUtc(isoDate: string, timeZone: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) throw new RangeError(`Not a date: ${isoDate}`);
  const utcMidnight = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(utcMidnight.getTime())) throw new RangeError(`Not a date: ${isoDate}`);
  // Offset at the guess, then once more at the corrected instant (the day may start on a DST change).
  let guess = utcMidnight.getTime() - offsetMs(utcMidnight, timeZone);
  guess = utcMidnight.getTime() - offsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

// Building an Intl.DateTimeFormat costs far more than formatting with it (it showed in the
// registration benchmark's profile), and offices use a handful of zones: keep one per zone.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const partFormats = new Map<string, Intl.DateTimeFormat>();

function formatFor(
  cache: Map<string, Intl.DateTimeFormat>,
  timeZone: string,
  make: () => Intl.DateTimeFormat,
) {
  let f = cache.get(timeZone);
  if (!f) {
    f = make(); // throws for an unknown zone, before anything is cached
    cache.set(timeZone, f);
  }
  return f;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function dateIn(instant: Date, timeZone: string): string {
  return formatFor(
    dateFormats,
    timeZone,
    () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
  ).format(instant);
}

function offsetMs(instant: Date, timeZone: string): number {
  const f = formatFor(
    partFormats,
    timeZone,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      }),
  );
  const p = Object.fromEntries(f.formatToParts(instant).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}
