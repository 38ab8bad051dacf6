/**
 * Yuan for exports, built from integer fen without floating-point arithmetic: the text is
 * exact, and the number is the double nearest to that exact decimal (what a spreadsheet
 * shows as `1234.56`), never the result of `fen / 100` drifting in the last digit.
 */

/** `123456` → `"1234.56"`, `-5` → `"-0.05"`. */
export function fenToYuanText(fen: bigint | number): string {
  const value = typeof fen === 'bigint' ? fen : BigInt(fen);
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const whole = magnitude / 100n;
  const cents = (magnitude % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${cents}`;
}

export function fenToYuan(fen: bigint | number): number {
  return Number(fenToYuanText(fen));
}
