import { daysBetween, MONEY_FEN_MAX } from '@sunshine/domain';
import { RETENTION_MIN_AGE_DAYS } from '../config';
import { candidate, type AlertCandidate } from '../candidate';
import type { FundFact } from '../facts';

/** A fund with the money that left it (disbursed, paid, returned) up to the scan date. */
export interface FundOutflow {
  fund: FundFact;
  outFen: number;
}

const PPM = 1_000_000n;

/**
 * HIGH_RETENTION: over the funds a county received more than 90 days before the scan, the
 * share still held (received − disbursed − returned) exceeds RETENTION_ALERT. Sums are
 * compared in BigInt parts per million so no rate is ever a float. One alert per county and
 * month: a county that stays above the line is reminded monthly, not daily.
 */
export function highRetention(
  countyCode: string,
  funds: readonly FundOutflow[],
  asOf: string,
  retentionAlertPpm: number,
): AlertCandidate[] {
  const aged = funds.filter(
    (f) =>
      f.fund.countyCode === countyCode &&
      daysBetween(f.fund.receivedOn, asOf) > RETENTION_MIN_AGE_DAYS,
  );
  const receivedFen = aged.reduce((sum, f) => sum + BigInt(f.fund.amountFen), 0n);
  if (receivedFen === 0n) return [];
  const outFen = aged.reduce((sum, f) => sum + BigInt(f.outFen), 0n);
  const retainedFen = receivedFen - outFen;
  if (retainedFen * PPM <= receivedFen * BigInt(retentionAlertPpm)) return [];
  return [
    candidate('HIGH_RETENTION', {
      subject: { type: 'region', id: countyCode },
      regionCode: countyCode,
      amountFen: retainedFen <= BigInt(MONEY_FEN_MAX) ? Number(retainedFen) : undefined,
      evidence: [],
      detectedOn: asOf,
      cause: `month:${asOf.slice(0, 7)}`,
    }),
  ];
}
