import { candidate, type AlertCandidate } from '../candidate';
import type { HouseholdFact } from '../facts';

export interface CrossCheckFact {
  source: string;
  detail: string;
  recordedOn: string;
  eventId: string;
}

/**
 * CROSS_CHECK_HIT: a cross-check (vehicle, business, civil servant, ...) matched a household
 * that is registered and not deregistered on the day the hit was recorded.
 */
export function crossCheckHit(hit: CrossCheckFact, household: HouseholdFact): AlertCandidate[] {
  if (household.registeredOn > hit.recordedOn) return [];
  if (household.deregisteredOn !== undefined && household.deregisteredOn <= hit.recordedOn) {
    return [];
  }
  return [
    candidate('CROSS_CHECK_HIT', {
      subject: { type: 'household', id: household.householdId },
      regionCode: household.villageCode,
      evidence: [hit.eventId, household.eventId],
      detectedOn: hit.recordedOn,
      cause: `${hit.source}:${hit.eventId}`,
    }),
  ];
}
