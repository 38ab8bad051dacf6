import { z } from 'zod';

/** Money is integer fen; the SPEC caps any single amount at 10^13 fen. */
export const MONEY_FEN_MAX = 10_000_000_000_000;
export const ID_LENGTH_MAX = 64;
export const TEXT_LENGTH_MAX = 500;

export const moneyFen = z
  .number()
  .int('money must be an integer number of fen')
  .positive('money must be positive')
  .max(MONEY_FEN_MAX, `money must not exceed ${MONEY_FEN_MAX} fen`);

/** Non-negative money, for income components that may be zero. */
export const moneyFenOrZero = z.number().int().min(0).max(MONEY_FEN_MAX);

export const entityId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'ids are 1-64 letters, digits, "-" or "_"');

/**
 * NUL, the other C0 controls except tab, line feed and carriage return, DEL, the C1
 * controls, and UTF-16 surrogates that are not part of a pair. PostgreSQL refuses NUL and
 * lone surrogates in JSON and text; the others have no place in an identifier or a name.
 * With the `u` flag a paired surrogate is one code point, so the class meets only lone ones.
 */
const UNSAFE_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff]/u;

export const UNSAFE_TEXT_MESSAGE =
  'text may not contain NUL, control characters or unpaired surrogates';

/** True when `text` holds a character of UNSAFE_CHARACTER. */
export function hasUnsafeCharacters(text: string): boolean {
  return UNSAFE_CHARACTER.test(text);
}

/** Any text field of a command: free of NUL, control characters and lone surrogates. */
export const plainText = z.string().refine((text) => !hasUnsafeCharacters(text), {
  message: UNSAFE_TEXT_MESSAGE,
});

export const shortText = plainText.trim().min(1).max(TEXT_LENGTH_MAX);

function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

export const businessDate = z
  .string()
  .refine(isCalendarDate, 'dates are real calendar days written YYYY-MM-DD');

export const countyCode = z.string().regex(/^\d{6}$/, 'a county code has 6 digits');
export const townCode = z.string().regex(/^\d{9}$/, 'a town code has 9 digits');
export const villageCode = z.string().regex(/^\d{12}$/, 'a village code has 12 digits');
export const regionCode = z
  .string()
  .regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/, 'region codes have 2, 4, 6, 9 or 12 digits');

export type RegionLevel = 'province' | 'city' | 'county' | 'town' | 'village';

export function regionLevelOf(code: string): RegionLevel {
  switch (code.length) {
    case 2:
      return 'province';
    case 4:
      return 'city';
    case 6:
      return 'county';
    case 9:
      return 'town';
    case 12:
      return 'village';
    default:
      throw new Error(`not a region code: ${code}`);
  }
}

/** Quarter a household income covers, e.g. 2024Q2. */
export const incomePeriod = z.string().regex(/^\d{4}Q[1-4]$/, 'periods are written 2024Q2');

/** Whole days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  const msPerDay = 86_400_000;
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / msPerDay);
}

export function addDays(date: string, days: number): string {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}
