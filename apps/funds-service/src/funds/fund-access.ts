import { type FundState, fundDecider, fundStreamId, notFound } from '@sunshine/domain';
import type { EventStore } from '@sunshine/event-store';
import { assertRegionAccess, loadAggregate, type Principal } from '@sunshine/platform';

export type ReceivedFund = Extract<FundState, { status: 'received' }>;

export interface LoadedFund {
  fund: ReceivedFund;
  version: number;
}

/** Folds a fund from its stream; an unknown fund is a 404. */
export async function loadFund(store: EventStore, fundId: string): Promise<LoadedFund> {
  const { state, version } = await loadAggregate(store, fundDecider, fundStreamId(fundId));
  if (state.status !== 'received') throw notFound('fund', fundId);
  return { fund: state, version };
}

/** A fund the caller may act on: its county must lie inside the caller's regions. */
export async function loadFundInRegion(
  store: EventStore,
  fundId: string,
  principal: Principal,
): Promise<ReceivedFund> {
  const { fund } = await loadFund(store, fundId);
  assertRegionAccess(principal, fund.countyCode);
  return fund;
}
