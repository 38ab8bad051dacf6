import { candidate, type AlertCandidate } from '../candidate';
import type { AllocationFact, PaymentFact } from '../facts';

/** OVER_STANDARD_PAYMENT: one household payment above the allocation's per-household cap. */
export function overStandardPayment(
  payment: PaymentFact,
  allocation: AllocationFact,
): AlertCandidate[] {
  const capFen = allocation.perHouseholdCapFen;
  if (capFen === undefined || payment.amountFen <= capFen) return [];
  return [
    candidate('OVER_STANDARD_PAYMENT', {
      subject: { type: 'payment', id: payment.paymentId },
      regionCode: allocation.villageCode,
      amountFen: payment.amountFen,
      evidence: [payment.eventId, allocation.eventId],
      detectedOn: payment.paidOn,
      cause: `cap:${capFen}`,
    }),
  ];
}
