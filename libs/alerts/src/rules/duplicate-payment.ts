import { daysBetween } from '@sunshine/domain';
import { DUPLICATE_WINDOW_DAYS } from '../config';
import { candidate, type AlertCandidate } from '../candidate';
import type { AllocationFact, PaymentFact } from '../facts';

/**
 * DUPLICATE_PAYMENT: the same household paid the same amount from the same allocation twice
 * within 30 days. Each pair is reported once: the later payment (by paidOn, then id) is the
 * subject and the earlier one the cause, whichever of the two arrived first.
 */
export function duplicatePayment(
  payment: PaymentFact,
  allocation: AllocationFact,
  others: readonly PaymentFact[],
): AlertCandidate[] {
  const found: AlertCandidate[] = [];
  for (const other of others) {
    if (!isRepeat(payment, other)) continue;
    const [earlier, later] = ordered(payment, other);
    found.push(
      candidate('DUPLICATE_PAYMENT', {
        subject: { type: 'payment', id: later.paymentId },
        regionCode: allocation.villageCode,
        amountFen: later.amountFen,
        evidence: [earlier.eventId, later.eventId],
        detectedOn: later.paidOn,
        cause: `repeats:${earlier.paymentId}`,
      }),
    );
  }
  return found;
}

function isRepeat(a: PaymentFact, b: PaymentFact): boolean {
  return (
    a.paymentId !== b.paymentId &&
    a.householdId === b.householdId &&
    a.allocationId === b.allocationId &&
    a.fundId === b.fundId &&
    a.amountFen === b.amountFen &&
    Math.abs(daysBetween(a.paidOn, b.paidOn)) <= DUPLICATE_WINDOW_DAYS
  );
}

function ordered(a: PaymentFact, b: PaymentFact): [PaymentFact, PaymentFact] {
  if (a.paidOn !== b.paidOn) return a.paidOn < b.paidOn ? [a, b] : [b, a];
  return a.paymentId < b.paymentId ? [a, b] : [b, a];
}
