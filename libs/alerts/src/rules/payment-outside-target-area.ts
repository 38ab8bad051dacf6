import { candidate, type AlertCandidate } from '../candidate';
import type { AllocationFact, HouseholdFact, PaymentFact } from '../facts';

/**
 * PAYMENT_OUTSIDE_TARGET_AREA: the paid household lives in another village than the one the
 * allocation targets. An unknown household is the ineligibility rule's business.
 */
export function paymentOutsideTargetArea(
  payment: PaymentFact,
  allocation: AllocationFact,
  household: HouseholdFact | undefined,
): AlertCandidate[] {
  if (!household || household.villageCode === allocation.villageCode) return [];
  return [
    candidate('PAYMENT_OUTSIDE_TARGET_AREA', {
      subject: { type: 'payment', id: payment.paymentId },
      regionCode: allocation.villageCode,
      amountFen: payment.amountFen,
      evidence: [payment.eventId, allocation.eventId, household.eventId],
      detectedOn: payment.paidOn,
      cause: `village:${household.villageCode}`,
    }),
  ];
}
