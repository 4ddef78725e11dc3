// An as-of date at the precision its source gives (`2026`, `2026-03`, `2026-03-15`) → its parts, checked as a real
// calendar date, and the first instant it names (the documents' reproducible creation date).

/** A calendar date known to the year, the month or the day: a source dated 「2026 年 3 月」 names no day. */
export interface PartialDate {
  year: number;
  month?: number | undefined;
  day?: number | undefined;
}

const FORM = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/**
 * `2026` | `2026-03` | `2026-03-15` → its parts; undefined for anything else, and for a date the calendar does not
 * have (2026-13, 2026-02-30): such a date would be printed on a cover, so it is refused rather than rolled over.
 */
export function parsePartialDate(text: string): PartialDate | undefined {
  const m = FORM.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (m[2] === undefined) return { year };
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  if (m[3] === undefined) return { year, month };
  const day = Number(m[3]);
  // Day 0 of the next month is the last day of this one (UTC, so no time zone moves it).
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > last) return undefined;
  return { year, month, day };
}

/** The parts back as the dataset writes them: `2026`, `2026-03`, `2026-03-15`. */
export function formatPartialDate(d: PartialDate): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${String(d.year).padStart(4, '0')}${d.month !== undefined ? `-${pad(d.month)}${d.day !== undefined ? `-${pad(d.day)}` : ''}` : ''}`;
}

/**
 * The first instant (UTC) of the period the date names: 2026-03 → 2026-03-01T00:00Z. Only for the files' creation
 * date (PDF and package metadata need an instant, and a fixed one keeps builds reproducible); nothing prints it.
 */
export function periodStart(text: string): Date {
  const d = parsePartialDate(text);
  if (!d) throw new Error(`not a date written YYYY, YYYY-MM or YYYY-MM-DD: ${JSON.stringify(text)}`);
  return new Date(Date.UTC(d.year, (d.month ?? 1) - 1, d.day ?? 1));
}
