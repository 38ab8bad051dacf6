import type { Decider } from './decider';
import type { EventData, EventOf } from './events';
import type { HouseholdCommand, RecordHouseholdIncome } from './household';
import { decideHelperAssignment, decideVisit, type HelperAssignment } from './household-care';
import { assertNever } from './commands';
import {
  alreadyExists,
  assertNotBefore,
  invalidState,
  notFound,
  validationFailed,
} from './errors';
import { omitKey } from './omit';

export type HouseholdEvent = EventOf<
  | 'HouseholdRegistered'
  | 'HouseholdIncomeRecorded'
  | 'HouseholdExitedPoverty'
  | 'HouseholdReturnedToPoverty'
  | 'HouseholdDeregistered'
  | 'CrossCheckHitRecorded'
  | 'HouseholdHelperAssigned'
  | 'HouseholdVisited'
>;

/** What the registry knows of a household whatever its status. */
export interface HouseholdFacts {
  villageCode: string;
  headName: string;
  idNumber: string;
  members: number;
  registeredOn: string;
  latestIncome?: EventData<'HouseholdIncomeRecorded'>;
  crossCheckHits: number;
  /** Helper assignments in stream order; the last one dated on or before a day holds then. */
  helpers: HelperAssignment[];
  /** The latest business date in the household's history; later events may not precede it. */
  lastChangeOn: string;
}

export type HouseholdState =
  | { status: 'unregistered' }
  | { status: 'in_poverty'; household: HouseholdFacts }
  | { status: 'exited_poverty'; household: HouseholdFacts; exitedOn: string }
  | {
      status: 'deregistered';
      household: HouseholdFacts;
      deregisteredOn: string;
      reason: string;
    };

export type RegisteredHousehold = Exclude<HouseholdState, { status: 'unregistered' }>;

const QUARTER_END = { Q1: '03-31', Q2: '06-30', Q3: '09-30', Q4: '12-31' } as const;

/** The last day of an income period: "2024Q2" → "2024-06-30". */
export function periodEndDate(period: string): string {
  const quarter = period.slice(4) as keyof typeof QUARTER_END;
  return `${period.slice(0, 4)}-${QUARTER_END[quarter]}`;
}

function recordIncome(
  command: RecordHouseholdIncome,
  state: RegisteredHousehold,
): HouseholdEvent[] {
  if (state.status === 'deregistered') {
    throw invalidState(`household ${command.data.householdId} is deregistered`);
  }
  const oneOffTransfers = command.data.oneOffTransfers ?? [];
  const oneOffFen = oneOffTransfers.reduce((sum, t) => sum + t.amountFen, 0);
  if (oneOffFen > command.data.transferFen) {
    throw validationFailed(
      `one-off transfers (${oneOffFen} fen) exceed transferFen (${command.data.transferFen})`,
      'oneOffTransfers',
    );
  }
  const data = {
    ...omitKey(command.data, 'householdId'),
    oneOffTransfers,
    recordedOn: command.data.recordedOn ?? periodEndDate(command.data.period),
  };
  return [{ type: 'HouseholdIncomeRecorded', data }];
}

function decideRegistered(command: HouseholdCommand, state: RegisteredHousehold): HouseholdEvent[] {
  const id = command.data.householdId;
  const since = state.household.lastChangeOn;
  switch (command.type) {
    case 'RegisterHousehold':
      throw alreadyExists('household', id);
    case 'RecordHouseholdIncome':
      return recordIncome(command, state);
    case 'ExitPoverty':
      if (state.status !== 'in_poverty') throw invalidState(`household ${id} is ${state.status}`);
      assertNotBefore(command.data.exitedOn, since, 'exitedOn');
      return [{ type: 'HouseholdExitedPoverty', data: omitKey(command.data, 'householdId') }];
    case 'ReturnToPoverty':
      if (state.status !== 'exited_poverty') {
        throw invalidState(`household ${id} is ${state.status}, not exited_poverty`);
      }
      assertNotBefore(command.data.returnedOn, since, 'returnedOn');
      return [{ type: 'HouseholdReturnedToPoverty', data: omitKey(command.data, 'householdId') }];
    case 'DeregisterHousehold':
      if (state.status === 'deregistered') throw invalidState(`household ${id} is deregistered`);
      assertNotBefore(command.data.deregisteredOn, since, 'deregisteredOn');
      return [{ type: 'HouseholdDeregistered', data: omitKey(command.data, 'householdId') }];
    case 'RecordCrossCheckHit':
      // Recorded whatever the status: whether a hit matters is the alert rule's decision.
      return [{ type: 'CrossCheckHitRecorded', data: omitKey(command.data, 'householdId') }];
    case 'AssignHouseholdHelper':
      return decideHelperAssignment(command, state);
    case 'RecordHouseholdVisit':
      return decideVisit(command, state);
    default:
      return assertNever(command);
  }
}

function evolveRegistered(state: RegisteredHousehold, event: HouseholdEvent): HouseholdState {
  const household = state.household;
  switch (event.type) {
    case 'HouseholdRegistered':
      throw new Error('a household stream holds one HouseholdRegistered');
    case 'HouseholdIncomeRecorded':
      return { ...state, household: { ...household, latestIncome: event.data } };
    case 'HouseholdExitedPoverty': {
      const facts = { ...household, lastChangeOn: event.data.exitedOn };
      return { status: 'exited_poverty', household: facts, exitedOn: event.data.exitedOn };
    }
    case 'HouseholdReturnedToPoverty':
      return {
        status: 'in_poverty',
        household: { ...household, lastChangeOn: event.data.returnedOn },
      };
    case 'HouseholdDeregistered':
      return {
        status: 'deregistered',
        household: { ...household, lastChangeOn: event.data.deregisteredOn },
        deregisteredOn: event.data.deregisteredOn,
        reason: event.data.reason,
      };
    case 'CrossCheckHitRecorded':
      return {
        ...state,
        household: { ...household, crossCheckHits: household.crossCheckHits + 1 },
      };
    case 'HouseholdHelperAssigned': {
      const helpers = [...household.helpers, event.data];
      return { ...state, household: { ...household, helpers } };
    }
    case 'HouseholdVisited':
      return state;
    default:
      return assertNever(event);
  }
}

function evolveHousehold(state: HouseholdState, event: HouseholdEvent): HouseholdState {
  if (state.status !== 'unregistered') return evolveRegistered(state, event);
  if (event.type !== 'HouseholdRegistered') {
    throw new Error(`a household stream starts with HouseholdRegistered, not ${event.type}`);
  }
  const facts: HouseholdFacts = {
    ...event.data,
    crossCheckHits: 0,
    helpers: [],
    lastChangeOn: event.data.registeredOn,
  };
  return { status: 'in_poverty', household: facts };
}

export const householdDecider: Decider<HouseholdState, HouseholdCommand, HouseholdEvent> = {
  initialState: () => ({ status: 'unregistered' }),
  evolve: evolveHousehold,
  decide: (command, state) => {
    if (state.status !== 'unregistered') return decideRegistered(command, state);
    if (command.type !== 'RegisterHousehold') {
      throw notFound('household', command.data.householdId);
    }
    return [{ type: 'HouseholdRegistered', data: omitKey(command.data, 'householdId') }];
  },
};
