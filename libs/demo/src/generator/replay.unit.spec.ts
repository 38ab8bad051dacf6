import {
  fundDecider,
  helperDecider,
  type HelperState,
  householdDecider,
  projectDecider,
  regionDecider,
  type DomainEvent,
  type FundState,
} from '@sunshine/domain';
import type { NewEvent } from '@sunshine/event-store';
import { DEMO_COUNTY, generateCounty, type CountyOptions } from '../index';

/**
 * Replays every generated event as the command that would have produced it, through the
 * domain deciders: each command must be accepted and decide exactly the generated event,
 * and no fund balance may ever go negative.
 */

const COMMAND_OF: Record<string, { command: string; idKey: string }> = {
  FundReceived: { command: 'ReceiveFund', idKey: 'fundId' },
  FundAllocated: { command: 'AllocateFund', idKey: 'fundId' },
  FundDisbursed: { command: 'DisburseFunds', idKey: 'fundId' },
  HouseholdPaid: { command: 'PayHousehold', idKey: 'fundId' },
  FundReturned: { command: 'ReturnFunds', idKey: 'fundId' },
  HouseholdRegistered: { command: 'RegisterHousehold', idKey: 'householdId' },
  HouseholdIncomeRecorded: { command: 'RecordHouseholdIncome', idKey: 'householdId' },
  HouseholdExitedPoverty: { command: 'ExitPoverty', idKey: 'householdId' },
  HouseholdReturnedToPoverty: { command: 'ReturnToPoverty', idKey: 'householdId' },
  HouseholdDeregistered: { command: 'DeregisterHousehold', idKey: 'householdId' },
  CrossCheckHitRecorded: { command: 'RecordCrossCheckHit', idKey: 'householdId' },
  ProjectRegistered: { command: 'RegisterProject', idKey: 'projectId' },
  ProjectStageAdvanced: { command: 'AdvanceProjectStage', idKey: 'projectId' },
  ProjectIncomeRecorded: { command: 'RecordProjectIncome', idKey: 'projectId' },
  ProjectIncomeDistributed: { command: 'DistributeProjectIncome', idKey: 'projectId' },
  ProjectAssetRegistered: { command: 'RegisterProjectAsset', idKey: 'projectId' },
  HelperRegistered: { command: 'RegisterHelper', idKey: 'helperId' },
  HouseholdHelperAssigned: { command: 'AssignHouseholdHelper', idKey: 'householdId' },
  HouseholdVisited: { command: 'RecordHouseholdVisit', idKey: 'householdId' },
};

interface AnyDecider {
  initialState: () => unknown;
  evolve: (state: unknown, event: DomainEvent) => unknown;
  decide: (command: { type: string; data: unknown }, state: unknown) => DomainEvent[];
}

const DECIDERS: Record<string, AnyDecider> = {
  fund: fundDecider as unknown as AnyDecider,
  household: householdDecider as unknown as AnyDecider,
  project: projectDecider as unknown as AnyDecider,
  region: regionDecider as unknown as AnyDecider,
  helper: helperDecider as unknown as AnyDecider,
};

/**
 * The command that produced `event`. An assignment carries the helper's villages, looked up
 * in the helper's stream as the HTTP route does.
 */
function commandFor(
  streamId: string,
  event: NewEvent,
  states: Map<string, unknown>,
): { type: string; data: unknown } {
  const id = streamId.slice(streamId.indexOf('-') + 1);
  if (event.type === 'RegionDefined') return { type: 'DefineRegion', data: event.data };
  const mapping = COMMAND_OF[event.type];
  if (!mapping) throw new Error(`no command produces ${event.type}`);
  const data: Record<string, unknown> = { ...event.data, [mapping.idKey]: id };
  if (event.type === 'HouseholdHelperAssigned') {
    const helper = states.get(`helper-${String(data.helperId)}`) as HelperState | undefined;
    if (helper?.status === 'registered') data.helperVillageCodes = helper.helper.villageCodes;
  }
  return { type: mapping.command, data };
}

function assertFundBalances(state: FundState): void {
  if (state.status !== 'received') return;
  expect(state.unallocatedFen).toBeGreaterThanOrEqual(0);
  for (const allocation of state.allocations) {
    expect(allocation.remainingFen).toBeGreaterThanOrEqual(0);
  }
}

function replay(options: CountyOptions): number {
  const states = new Map<string, unknown>();
  let replayed = 0;
  for (const stream of generateCounty(options)) {
    const kind = stream.streamId.slice(0, stream.streamId.indexOf('-'));
    const decider = DECIDERS[kind];
    if (!decider) throw new Error(`no decider for ${stream.streamId}`);
    let state = states.get(stream.streamId) ?? decider.initialState();
    for (const event of stream.events) {
      const decided = decider.decide(commandFor(stream.streamId, event, states), state);
      expect(decided).toEqual([{ type: event.type, data: event.data }]);
      state = decider.evolve(state, decided[0] as DomainEvent);
      if (kind === 'fund') assertFundBalances(state as FundState);
      replayed += 1;
    }
    states.set(stream.streamId, state);
  }
  return replayed;
}

describe('a generated county replayed through the deciders', () => {
  it('accepts every command of the demo county', () => {
    expect(replay(DEMO_COUNTY)).toBeGreaterThan(1500);
  });

  it('accepts every command of a county of another shape and length', () => {
    const options = { seed: 7, towns: 3, villagesPerTown: 4, householdsPerVillage: 15,
      funds: 40, projects: 9, months: 15, startDate: '2024-04-01' };
    expect(replay(options)).toBeGreaterThan(2000);
  });
});
