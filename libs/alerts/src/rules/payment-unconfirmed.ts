import { daysBetween } from '@sunshine/domain';
import { candidate, type AlertCandidate } from '../candidate';
import type { BatchPaymentFact } from '../facts';

/**
 * PAYMENT_UNCONFIRMED (SPEC §11): a payment of a batch with no bank result dated by the
 * scan more than `confirmDays` after its paidOn. A payment made outside a batch has no
 * bank result to wait for and is never a subject.
 */
export function paymentUnconfirmed(
  payment: BatchPaymentFact,
  asOf: string,
  confirmDays: number,
): AlertCandidate[] {
  if (payment.paidOn > asOf) return [];
  if (payment.settledOn !== undefined && payment.settledOn <= asOf) return [];
  if (daysBetween(payment.paidOn, asOf) <= confirmDays) return [];
  return [
    candidate('PAYMENT_UNCONFIRMED', {
      subject: { type: 'payment', id: payment.paymentId },
      regionCode: payment.villageCode,
      amountFen: payment.amountFen,
      evidence: [payment.eventId],
      detectedOn: asOf,
      cause: `batch:${payment.fundId}:${payment.batchId}`,
    }),
  ];
}
