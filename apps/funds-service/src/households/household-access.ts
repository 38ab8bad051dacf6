import {
  type HouseholdState,
  notFound,
  periodEndDate,
  type RecordHouseholdIncomeBody,
} from '@sunshine/domain';
import { assertRegionAccess, type Principal } from '@sunshine/platform';
import type { z } from 'zod';

/**
 * The household a command addresses, in the state it is decided on: unknown → 404
 * (SPEC §5), outside the caller's regions → 403.
 */
export function householdInRegion(
  state: HouseholdState,
  householdId: string,
  principal: Principal,
): void {
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
