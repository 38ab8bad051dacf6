import { addDays, entityIdOfStream, type EventOf } from '@sunshine/domain';
import type { StoredEvent } from '@sunshine/event-store';
import { DUPLICATE_WINDOW_DAYS } from '../config';
import type { PaymentFact } from '../facts';
import { evaluatePaymentWith, type Finding } from './evaluate';
import type { BatchFactCache } from './fact-cache';
import { HOUSEHOLD_PAYMENTS_MAX, loadRepeatCandidatesOfMany } from './fact-reader';
import { applyPaymentMovements } from './fact-writer';

/**
 * A run of consecutive household payments in a batch, applied with a fixed number of
 * queries instead of several per payment: a county's payment day is thousands of them in a
 * row. Each payment is still judged on exactly what the one-at-a-time path would see: the
 * payments stored before the run, plus those earlier in the run, never later ones.
 */

export interface PaymentInRun {
  stored: StoredEvent;
  event: EventOf<'HouseholdPaid'>;
}

export interface JudgedPayment {
  stored: StoredEvent;
  findings: Finding[];
}

const pairKey = (p: PaymentFact): string =>
  [p.householdId, p.fundId, p.allocationId, String(p.amountFen)].join('\u0000');

/** Earlier payments of the run that `payment` could repeat (as loadRepeatCandidates). */
function earlierRepeats(payment: PaymentFact, earlier: readonly PaymentFact[]): PaymentFact[] {
  const from = addDays(payment.paidOn, -DUPLICATE_WINDOW_DAYS);
  const to = addDays(payment.paidOn, DUPLICATE_WINDOW_DAYS);
  return earlier.filter((other) =>
    other.paymentId !== payment.paymentId && other.paidOn >= from && other.paidOn <= to);
}

export async function judgePaymentRun(
  facts: BatchFactCache,
  run: readonly PaymentInRun[],
): Promise<JudgedPayment[]> {
  const payments: PaymentFact[] = run.map(({ stored, event }) => ({
    ...event.data,
    fundId: entityIdOfStream(stored.streamId),
    eventId: stored.eventId,
  }));
  for (const { stored } of run) facts.forget(stored.streamId, entityIdOfStream(stored.streamId));
  await facts.prefetchHouseholds(payments.map((p) => p.householdId));
  // Read before the run's own movements are written, so the stored candidates are the
  // payments from before the run; the run's earlier payments are added below, in order.
  const stored = await loadRepeatCandidatesOfMany(facts.db, payments);
  await applyPaymentMovements(facts.db, payments);
  const earlierByPair = new Map<string, PaymentFact[]>();
  const judged: JudgedPayment[] = [];
  for (const [index, payment] of payments.entries()) {
    const key = pairKey(payment);
    const earlier = earlierByPair.get(key) ?? [];
    const others = [...(stored[index] ?? []), ...earlierRepeats(payment, earlier)]
      .slice(0, HOUSEHOLD_PAYMENTS_MAX);
    const findings = await evaluatePaymentWith(facts, payment, async () => others);
    earlier.push(payment);
    earlierByPair.set(key, earlier);
    judged.push({ stored: run[index]?.stored as StoredEvent, findings });
  }
  return judged;
}
