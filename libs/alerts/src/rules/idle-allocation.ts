import { daysBetween } from '@sunshine/domain';
import { candidate, type AlertCandidate } from '../candidate';
import type { AllocationFact, MovementFact } from '../facts';

/** An allocation's remainder and last activity at a date (SPEC §6). */
export function allocationStateAt(
  allocation: AllocationFact,
  movements: readonly MovementFact[],
  asOf: string,
): { remainingFen: number; lastActivityOn: string } {
  let remainingFen = allocation.amountFen;
  let lastActivityOn = allocation.allocatedOn;
  for (const movement of movements) {
    if (movement.on > asOf) continue;
    remainingFen -= movement.amountFen;
    const paid = movement.kind === 'disbursement' || movement.kind === 'payment';
    if (paid && movement.on > lastActivityOn) lastActivityOn = movement.on;
  }
  return { remainingFen, lastActivityOn };
}

/**
 * IDLE_ALLOCATION: money left on an allocation with no disbursement or payment for more than
 * `idleDays`. The cause is the last activity date, so a second scan of the same idle spell
 * finds the same alert, and a new spell after fresh activity is a new alert.
 */
export function idleAllocation(
  allocation: AllocationFact,
  movements: readonly MovementFact[],
  asOf: string,
  idleDays: number,
): AlertCandidate[] {
  if (allocation.allocatedOn > asOf) return [];
  const { remainingFen, lastActivityOn } = allocationStateAt(allocation, movements, asOf);
  if (remainingFen <= 0 || daysBetween(lastActivityOn, asOf) <= idleDays) return [];
  const activity = movements.filter((m) => m.on <= asOf && m.on === lastActivityOn);
  return [
    candidate('IDLE_ALLOCATION', {
      subject: { type: 'allocation', id: allocation.allocationId },
      regionCode: allocation.villageCode,
      amountFen: remainingFen,
      evidence: [allocation.eventId, ...activity.map((m) => m.eventId)],
      detectedOn: asOf,
      cause: `fund:${allocation.fundId}:idle-since:${lastActivityOn}`,
    }),
  ];
}
