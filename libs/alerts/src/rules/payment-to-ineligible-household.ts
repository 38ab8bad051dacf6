import { candidate, type AlertCandidate } from '../candidate';
import type { AllocationFact, HouseholdFact, PaymentFact } from '../facts';

/**
 * PAYMENT_TO_INELIGIBLE_HOUSEHOLD: a payment to a household that is unknown or deregistered
 * at paidOn. An exited household still receives post-exit support, so exit is no reason.
 * `household` is undefined when no registry knows the household.
 */
export function paymentToIneligibleHousehold(
  payment: PaymentFact,
  allocation: AllocationFact,
  household: HouseholdFact | undefined,
): AlertCandidate[] {
  const reason = ineligibility(payment.paidOn, household);
  if (reason === undefined) return [];
  const evidence = [payment.eventId];
  if (household) evidence.push(household.eventId);
  return [
    candidate('PAYMENT_TO_INELIGIBLE_HOUSEHOLD', {
      subject: { type: 'payment', id: payment.paymentId },
      regionCode: allocation.villageCode,
      amountFen: payment.amountFen,
      evidence,
      detectedOn: payment.paidOn,
      cause: `household:${payment.householdId}`,
    }),
  ];
}

function ineligibility(
  paidOn: string,
  household: HouseholdFact | undefined,
): 'unknown' | 'deregistered' | undefined {
  if (!household || household.registeredOn > paidOn) return 'unknown';
  if (household.deregisteredOn !== undefined && household.deregisteredOn <= paidOn) {
    return 'deregistered';
  }
  return undefined;
}
