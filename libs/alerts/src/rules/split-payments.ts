import { addDays } from '@sunshine/domain';
import { SPLIT_COUNT_MIN, SPLIT_WINDOW_DAYS } from '../config';
import { candidate, type AlertCandidate } from '../candidate';
import type { DisbursementFact } from '../facts';

/** A disbursement with the village its allocation targets. */
export interface PayeeDisbursement extends DisbursementFact {
  villageCode: string;
}

/** How far around a new disbursement the caller must load the payee's history. */
export const SPLIT_LOOKBEHIND_DAYS = 2 * SPLIT_WINDOW_DAYS;
export const SPLIT_LOOKAHEAD_DAYS = SPLIT_WINDOW_DAYS;

const REGION_CODE_LENGTHS = [12, 9, 6, 4, 2];

/**
 * SPLIT_PAYMENTS: at least three disbursements to one payee within 7 days, each below the
 * threshold and together above it. A window is anchored at its earliest disbursement, which
 * is the alert's cause, so later arrivals inside the same window never raise it again; an
 * anchor inside an earlier hitting window is part of that finding and is not reported.
 * Only windows containing `trigger` are returned: the others were found when they formed.
 */
export function splitPayments(
  trigger: PayeeDisbursement,
  history: readonly PayeeDisbursement[],
  splitThresholdFen: number,
): AlertCandidate[] {
  const small = [...new Map([...history, trigger].map((d) => [d.disbursementId, d])).values()]
    .filter((d) => d.amountFen < splitThresholdFen && samePayee(d, trigger))
    .sort((a, b) => cmp(a.paidOn, b.paidOn) || cmp(a.disbursementId, b.disbursementId));
  const found: AlertCandidate[] = [];
  let coveredUntil = '';
  for (const [index, anchor] of small.entries()) {
    if (anchor.paidOn <= coveredUntil) continue;
    const end = addDays(anchor.paidOn, SPLIT_WINDOW_DAYS);
    const window = small.slice(index).filter((d) => d.paidOn <= end);
    const totalFen = window.reduce((sum, d) => sum + d.amountFen, 0);
    if (window.length < SPLIT_COUNT_MIN || totalFen <= splitThresholdFen) continue;
    coveredUntil = end;
    if (!window.some((d) => d.disbursementId === trigger.disbursementId)) continue;
    found.push(splitCandidate(anchor, window, totalFen));
  }
  return found;
}

function splitCandidate(
  anchor: PayeeDisbursement,
  window: PayeeDisbursement[],
  totalFen: number,
): AlertCandidate {
  const last = window[window.length - 1] ?? anchor;
  return candidate('SPLIT_PAYMENTS', {
    subject: { type: 'payee', id: `${anchor.payeeType}:${anchor.payeeId}` },
    regionCode: commonRegion(window.map((d) => d.villageCode)),
    amountFen: totalFen,
    evidence: window.map((d) => d.eventId),
    detectedOn: last.paidOn,
    cause: `window:${anchor.paidOn}:${anchor.disbursementId}`,
  });
}

function samePayee(a: DisbursementFact, b: DisbursementFact): boolean {
  return a.payeeType === b.payeeType && a.payeeId === b.payeeId;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The smallest region containing every village, e.g. two villages of one town → the town. */
export function commonRegion(villageCodes: readonly string[]): string {
  const first = villageCodes[0] ?? '';
  let shared = first.length;
  for (const code of villageCodes) {
    let i = 0;
    while (i < shared && code[i] === first[i]) i += 1;
    shared = i;
  }
  const length = REGION_CODE_LENGTHS.find((l) => l <= shared) ?? 2;
  return first.slice(0, length);
}
