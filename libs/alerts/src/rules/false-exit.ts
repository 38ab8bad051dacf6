import { candidate, type AlertCandidate } from '../candidate';
import type { HouseholdFact } from '../facts';

export interface ExitFact {
  exitedOn: string;
  eventId: string;
}

/**
 * FALSE_EXIT: a household exits poverty while its latest income per member reaches the
 * poverty line only because one-off transfers (e.g. a medical reimbursement) are counted.
 * Per-member comparisons multiply by the member count instead of dividing, so no fraction
 * of a fen is ever rounded.
 */
export function falseExit(
  exit: ExitFact,
  household: HouseholdFact,
  povertyLineFen: number,
): AlertCandidate[] {
  const income = household.latestIncome;
  if (!income) return [];
  const lineForHouseholdFen = povertyLineFen * household.members;
  const reachesWithOneOffs = income.totalFen >= lineForHouseholdFen;
  const reachesWithout = income.totalFen - income.oneOffFen >= lineForHouseholdFen;
  if (!reachesWithOneOffs || reachesWithout) return [];
  return [
    candidate('FALSE_EXIT', {
      subject: { type: 'household', id: household.householdId },
      regionCode: household.villageCode,
      amountFen: income.oneOffFen,
      evidence: [exit.eventId, income.eventId],
      detectedOn: exit.exitedOn,
      cause: `exit:${exit.exitedOn}`,
    }),
  ];
}
