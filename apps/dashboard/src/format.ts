/**
 * Figures as people read them. Money arrives as integer fen and is turned into yuan with
 * BigInt arithmetic only, so no amount is ever rounded through a floating-point number.
 */

const FEN_PER_YUAN = 100n;
const BASIS_POINTS_PER_UNIT = 10_000;

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 123456789 fen → "1,234,567.89" (yuan, two decimals). */
export function formatFen(fen: number | bigint): string {
  if (typeof fen === 'number' && !Number.isSafeInteger(fen)) {
    throw new Error(`an amount in fen must be a safe integer, got ${fen}`);
  }
  const value = BigInt(fen);
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const yuan = magnitude / FEN_PER_YUAN;
  const cents = (magnitude % FEN_PER_YUAN).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${groupThousands(yuan.toString())}.${cents}`;
}

/** "¥1,234,567.89". */
export function formatYuan(fen: number | bigint): string {
  const text = formatFen(fen);
  return text.startsWith('-') ? `-¥${text.slice(1)}` : `¥${text}`;
}

/**
 * A rate reported to four decimals (0.1234) as a percentage with two ("12.34%"). The rate
 * is first taken to whole basis points, and the percentage is written from that integer.
 */
export function formatRate(rate: number): string {
  if (!Number.isFinite(rate)) throw new Error(`a rate must be finite, got ${rate}`);
  const basisPoints = Math.round(rate * BASIS_POINTS_PER_UNIT);
  const negative = basisPoints < 0;
  const magnitude = Math.abs(basisPoints);
  const whole = Math.trunc(magnitude / 100);
  const hundredths = String(magnitude % 100).padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${hundredths}%`;
}

/** The last day of each of `count` months ending with the month of `asOf`, oldest first. */
export function monthEnds(asOf: string, count: number): string[] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(asOf);
  if (!match) throw new Error(`not a date: ${asOf}`);
  const year = Number(match[1]);
  const month = Number(match[2]) - 1;
  const dates: string[] = [];
  for (let back = count - 1; back >= 0; back -= 1) {
    const index = year * 12 + month - back;
    const y = Math.floor(index / 12);
    const m = index - y * 12;
    // Day 0 of the following month is the last day of this one.
    const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    const end = `${y}-${String(m + 1).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
    dates.push(end > asOf ? asOf : end);
  }
  return dates;
}

/** An 18-character mainland id number anywhere in a text (the public pages must show none). */
export const ID_NUMBER_PATTERN = /\d{17}[\dXx]/;

/**
 * An amount typed in yuan ("1,234.5", "¥80") as integer fen, read digit by digit so that
 * no amount passes through a floating-point number; undefined for anything else.
 */
export function parseYuanToFen(text: string): number | undefined {
  const match = /^¥?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return undefined;
  const whole = (match[1] ?? '').replace(/,/g, '');
  const cents = (match[2] ?? '').padEnd(2, '0');
  const fen = BigInt(whole) * FEN_PER_YUAN + BigInt(cents);
  return fen <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(fen) : undefined;
}
