/**
 * Return-to-poverty watch (防返贫动态监测, SPEC §13): why a household is on the watch list.
 * Pure integer arithmetic, shared by the ledger's list and the alert rules, so that both
 * put the same households on it.
 */

/** 1.5 × the poverty line of 600,000 fen a year per member. */
export const WATCH_LINE_FEN_DEFAULT = 900_000;
/** An income that fell by at least 3/10 from the record before is a drop. */
export const INCOME_DROP_NUMERATOR = 3;
export const INCOME_DROP_DENOMINATOR = 10;
/** A return to poverty within this many years before the day asked about. */
export const RECENT_RETURN_YEARS = 2;

export const WATCH_REASONS = ['LOW_INCOME', 'INCOME_DROP', 'RECENT_RETURN'] as const;
export type WatchReason = (typeof WATCH_REASONS)[number];

export interface WatchInput {
  members: number;
  /** Total of the latest income record dated on or before the day asked about. */
  latestIncomeFen?: number;
  /** Total of the income record before it. */
  previousIncomeFen?: number;
  /** The latest return to poverty dated on or before the day asked about. */
  lastReturnedOn?: string;
}

/**
 * The same calendar day `years` earlier; 29 February falls back to 28 February.
 * "Within two years before 2024-06-01" starts on 2022-06-01.
 */
export function yearsBefore(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) - years;
  const monthDay = date.slice(5);
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = monthDay === '02-29' && !leap ? '02-28' : monthDay;
  return `${String(year).padStart(4, '0')}-${day}`;
}

/** Income per member, rounded down to the fen, for display; comparisons use the totals. */
export function incomePerMemberFen(totalFen: number, members: number): number {
  return Math.floor(totalFen / members);
}

/**
 * LOW_INCOME: total ÷ members ≤ line, compared as total ≤ line × members so that a third of a
 * fen above the line is above it. INCOME_DROP: the latest total is at most 7/10 of the one
 * before (members do not change between records). RECENT_RETURN: a return to poverty on or
 * after the same day two years before `asOf` (and not after it).
 */
export function watchReasons(
  input: WatchInput,
  asOf: string,
  watchLineFen: number = WATCH_LINE_FEN_DEFAULT,
): WatchReason[] {
  const reasons: WatchReason[] = [];
  const latest = input.latestIncomeFen;
  if (latest !== undefined && latest <= watchLineFen * input.members) reasons.push('LOW_INCOME');
  const previous = input.previousIncomeFen;
  if (latest !== undefined && previous !== undefined && previous > 0 &&
    INCOME_DROP_DENOMINATOR * latest <=
      (INCOME_DROP_DENOMINATOR - INCOME_DROP_NUMERATOR) * previous) {
    reasons.push('INCOME_DROP');
  }
  const returned = input.lastReturnedOn;
  if (returned !== undefined && returned <= asOf &&
    returned >= yearsBefore(asOf, RECENT_RETURN_YEARS)) {
    reasons.push('RECENT_RETURN');
  }
  return reasons;
}
