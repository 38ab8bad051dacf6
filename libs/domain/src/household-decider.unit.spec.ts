import { householdDecider, periodEndDate, type HouseholdEvent } from './household-decider';
import type { HouseholdCommand } from './household';
import type { EventData } from './events';
import { deciderSpec, foldEvents } from './testing/decider-spec';
import { householdRegistered } from './testing/fixtures';

const given = (events: HouseholdEvent[]) => deciderSpec(householdDecider, events);
const householdId = 'h1';

const income: EventData<'HouseholdIncomeRecorded'> = {
  period: '2024Q2',
  wagesFen: 300_000,
  businessFen: 0,
  propertyFen: 10_000,
  transferFen: 200_000,
  otherFen: 0,
  oneOffTransfers: [{ kind: 'medical reimbursement', amountFen: 150_000 }],
  recordedOn: '2024-07-02',
};
const incomeRecorded: HouseholdEvent = { type: 'HouseholdIncomeRecorded', data: income };
const exited: HouseholdEvent = { type: 'HouseholdExitedPoverty', data: { exitedOn: '2024-08-01' } };
const returned: HouseholdEvent = {
  type: 'HouseholdReturnedToPoverty',
  data: { returnedOn: '2024-10-01', reason: 'illness' },
};
const deregistered: HouseholdEvent = {
  type: 'HouseholdDeregistered',
  data: { deregisteredOn: '2024-09-01', reason: 'moved away' },
};

const register = (): HouseholdCommand => ({
  type: 'RegisterHousehold',
  data: { householdId, ...householdRegistered().data },
});
const recordIncome = (over: Partial<EventData<'HouseholdIncomeRecorded'>> = {}) =>
  ({ type: 'RecordHouseholdIncome', data: { householdId, ...income, ...over } }) as const;
const exit = (exitedOn = '2024-08-01'): HouseholdCommand => ({
  type: 'ExitPoverty',
  data: { householdId, exitedOn },
});
const returnToPoverty = (): HouseholdCommand => ({
  type: 'ReturnToPoverty',
  data: { householdId, returnedOn: '2024-10-01', reason: 'illness' },
});
const deregister = (): HouseholdCommand => ({
  type: 'DeregisterHousehold',
  data: { householdId, deregisteredOn: '2024-09-01', reason: 'moved away' },
});
const hit = (): HouseholdCommand => ({
  type: 'RecordCrossCheckHit',
  data: { householdId, source: 'vehicle', detail: 'owns a car', recordedOn: '2024-09-10' },
});
const hitRecorded: HouseholdEvent = {
  type: 'CrossCheckHitRecorded',
  data: { source: 'vehicle', detail: 'owns a car', recordedOn: '2024-09-10' },
};

describe('a household that is not registered', () => {
  it('registers', () => given([]).when(register()).then([householdRegistered()]));

  it.each([recordIncome(), exit(), returnToPoverty(), deregister(), hit()])(
    'rejects $type as NOT_FOUND',
    (command) => given([]).when(command).thenThrows('NOT_FOUND'),
  );
});

describe('a household in poverty', () => {
  const inPoverty = [householdRegistered()];

  it('rejects a second registration', () =>
    given(inPoverty).when(register()).thenThrows('ALREADY_EXISTS'));

  it('records income with its one-off transfers', () =>
    given(inPoverty).when(recordIncome()).then([incomeRecorded]));

  it('dates an income without recordedOn at the end of its period and lists no one-offs', () => {
    const command: HouseholdCommand = {
      type: 'RecordHouseholdIncome',
      data: { householdId, ...income, oneOffTransfers: undefined, recordedOn: undefined },
    };
    given(inPoverty)
      .when(command)
      .then([
        {
          type: 'HouseholdIncomeRecorded',
          data: { ...income, oneOffTransfers: [], recordedOn: '2024-06-30' },
        },
      ]);
  });

  it('rejects one-off transfers that exceed the transfer income', () =>
    given(inPoverty)
      .when(recordIncome({ transferFen: 149_999 }))
      .thenThrows('VALIDATION_FAILED'));

  it('exits poverty', () => given(inPoverty).when(exit()).then([exited]));

  it('rejects an exit dated before registration', () =>
    given(inPoverty).when(exit('2022-12-31')).thenThrows('VALIDATION_FAILED'));

  it('rejects a return to poverty', () =>
    given(inPoverty).when(returnToPoverty()).thenThrows('INVALID_STATE'));

  it('deregisters', () => given(inPoverty).when(deregister()).then([deregistered]));

  it('records a cross-check hit', () => given(inPoverty).when(hit()).then([hitRecorded]));

  it('keeps its latest income and hit count', () => {
    const state = foldEvents(householdDecider, [...inPoverty, incomeRecorded, hitRecorded]);
    if (state.status !== 'in_poverty') throw new Error('expected in_poverty');
    expect(state.household.latestIncome).toEqual(income);
    expect(state.household.crossCheckHits).toBe(1);
  });
});

describe('a household that exited poverty', () => {
  const out = [householdRegistered(), exited];

  it('rejects a second exit', () =>
    given(out).when(exit('2024-09-01')).thenThrows('INVALID_STATE'));

  it('returns to poverty', () => given(out).when(returnToPoverty()).then([returned]));

  it('exits again after returning to poverty', () =>
    given([...out, returned])
      .when(exit('2024-12-01'))
      .then([{ type: 'HouseholdExitedPoverty', data: { exitedOn: '2024-12-01' } }]));

  it('deregisters', () => given(out).when(deregister()).then([deregistered]));
});

describe('a deregistered household', () => {
  const gone = [householdRegistered(), deregistered];

  it('rejects a second deregistration', () =>
    given(gone).when(deregister()).thenThrows('INVALID_STATE'));

  it('rejects an exit', () => given(gone).when(exit('2024-10-01')).thenThrows('INVALID_STATE'));

  it('rejects income', () => given(gone).when(recordIncome()).thenThrows('INVALID_STATE'));

  it('rejects a return to poverty', () =>
    given(gone).when(returnToPoverty()).thenThrows('INVALID_STATE'));

  it('still records a cross-check hit, for the rule to judge', () =>
    given(gone).when(hit()).then([hitRecorded]));
});

describe('periodEndDate', () => {
  it.each([
    ['2024Q1', '2024-03-31'],
    ['2024Q2', '2024-06-30'],
    ['2024Q3', '2024-09-30'],
    ['2024Q4', '2024-12-31'],
  ])('ends %s on %s', (period, end) => expect(periodEndDate(period)).toBe(end));
});
