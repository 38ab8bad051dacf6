import {
  householdDecider,
  householdStreamId,
  notFound,
  periodEndDate,
  type RecordHouseholdIncomeBody,
} from '@sunshine/domain';
import type { EventStore } from '@sunshine/event-store';
import { assertRegionAccess, loadAggregate, type Principal } from '@sunshine/platform';
import type { z } from 'zod';

/**
 * Loads a household the command addresses: unknown → 404 (SPEC §5), outside the caller's
 * regions → 403.
 */
export async function loadHouseholdInRegion(
  store: EventStore,
  householdId: string,
  principal: Principal,
): Promise<void> {
  const streamId = householdStreamId(householdId);
  const { state } = await loadAggregate(store, householdDecider, streamId);
  if (state.status === 'unregistered') throw notFound('household', householdId);
  assertRegionAccess(principal, state.household.villageCode);
}

/**
 * An income record's business date: the day the client names, else the last day of the
 * quarter it covers, as the decider dates it.
 */
export function incomeRecordedOn(data: z.infer<typeof RecordHouseholdIncomeBody>): string {
  return data.recordedOn ?? periodEndDate(data.period);
}
