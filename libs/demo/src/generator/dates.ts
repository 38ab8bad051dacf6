import { addDays } from '@sunshine/domain';

/** Calendar helpers over YYYY-MM-DD strings, all in UTC. */

export { addDays };

/** The first day of the month `months` after the month of `date`. */
export function monthStart(date: string, months: number): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7)) - 1 + months;
  const shifted = new Date(Date.UTC(year, month, 1));
  return shifted.toISOString().slice(0, 10);
}

/** Day `day` (1-28) of generated month `month` (0 = the month of startDate). */
export function dayOfMonth(startDate: string, month: number, day: number): string {
  return `${monthStart(startDate, month).slice(0, 8)}${String(day).padStart(2, '0')}`;
}

/** Which generated month a date falls in (negative before startDate). */
export function monthIndex(startDate: string, date: string): number {
  const years = Number(date.slice(0, 4)) - Number(startDate.slice(0, 4));
  return years * 12 + Number(date.slice(5, 7)) - Number(startDate.slice(5, 7));
}

/** Calendar quarter (1-4) a date falls in. */
export function quarterOf(date: string): number {
  return Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1;
}

export function isQuarterEnd(date: string): boolean {
  return Number(date.slice(5, 7)) % 3 === 0;
}
