import { type FundState, fundDecider, fundStreamId, notFound } from '@sunshine/domain';
import type { EventStore } from '@sunshine/event-store';
import { assertRegionAccess, loadAggregate, type Principal } from '@sunshine/platform';

export type ReceivedFund = Extract<FundState, { status: 'received' }>;

export interface LoadedFund {
  fund: ReceivedFund;
  version: number;
}

/** The fund in a folded state; an unknown fund is a 404. */
export function receivedFund(state: FundState, fundId: string): ReceivedFund {
  if (state.status !== 'received') throw notFound('fund', fundId);
  return state;
}

/** Folds a fund from its stream; an unknown fund is a 404. */
export async function loadFund(store: EventStore, fundId: string): Promise<LoadedFund> {
  const { state, version } = await loadAggregate(store, fundDecider, fundStreamId(fundId));
  return { fund: receivedFund(state, fundId), version };
}

/** A fund the caller may act on: its county must lie inside the caller's regions. */
export function fundInRegion(state: FundState, fundId: string, principal: Principal): ReceivedFund {
  const fund = receivedFund(state, fundId);
  assertRegionAccess(principal, fund.countyCode);
  return fund;
}
