import { householdDecider, type HouseholdEvent } from './household-decider';
import type { HouseholdCommand } from './household';
import { deciderSpec } from './testing/decider-spec';
import { householdRegistered, OTHER_VILLAGE, SAMPLE_VILLAGE } from './testing/fixtures';

const householdId = 'h1';
const registered = householdRegistered({ registeredOn: '2024-01-05' });
const assignedTo = (helperId: string, since: string): HouseholdEvent => ({
  type: 'HouseholdHelperAssigned',
  data: { helperId, since },
});
const assign = (
  helperId: string,
  since: string,
  helperVillageCodes: string[] | null = [SAMPLE_VILLAGE],
): HouseholdCommand => ({
  type: 'AssignHouseholdHelper',
  data: { householdId, helperId, since, ...(helperVillageCodes ? { helperVillageCodes } : {}) },
});
const visit = (helperId: string, visitedOn: string): HouseholdCommand => ({
  type: 'RecordHouseholdVisit',
  data: { householdId, helperId, visitedOn, note: '入户走访' },
});

describe('a registered household without a helper', () => {
  const given = deciderSpec(householdDecider, [registered]);

  it('is assigned a helper who covers its village', () => {
    given.when(assign('hp1', '2024-01-10')).then([assignedTo('hp1', '2024-01-10')]);
  });

  it('refuses an unknown helper (404)', () => {
    given.when(assign('hp1', '2024-01-10', null)).thenThrows('NOT_FOUND');
  });

  it('refuses a helper who does not cover its village', () => {
    given.when(assign('hp1', '2024-01-10', [OTHER_VILLAGE])).thenThrows('INVALID_STATE');
  });

  it('refuses an assignment dated before the registration', () => {
    given.when(assign('hp1', '2024-01-04')).thenThrows('VALIDATION_FAILED');
  });

  it('refuses a visit: no helper is assigned (NOT_ASSIGNED)', () => {
    given.when(visit('hp1', '2024-02-01')).thenThrows('NOT_ASSIGNED');
  });
});

describe('a household with a helper', () => {
  const given = deciderSpec(householdDecider, [registered, assignedTo('hp1', '2024-01-10')]);

  it('records a visit by its helper, with no evidence when none is given', () => {
    given.when(visit('hp1', '2024-02-01')).then([
      {
        type: 'HouseholdVisited',
        data: { helperId: 'hp1', visitedOn: '2024-02-01', note: '入户走访', evidence: [] },
      },
    ]);
  });

  it('records a visit on the day of the assignment', () => {
    given.when(visit('hp1', '2024-01-10')).then([
      expect.objectContaining({ type: 'HouseholdVisited' }) as HouseholdEvent,
    ]);
  });

  it('refuses a visit by another helper (NOT_ASSIGNED)', () => {
    given.when(visit('hp2', '2024-02-01')).thenThrows('NOT_ASSIGNED');
  });

  it('refuses a visit dated the day before the assignment (NOT_ASSIGNED)', () => {
    given.when(visit('hp1', '2024-01-09')).thenThrows('NOT_ASSIGNED');
  });

  it('assigning the same helper again appends nothing', () => {
    given.when(assign('hp1', '2024-03-01')).then([]);
  });

  it('refuses a new assignment dated before the current one', () => {
    given.when(assign('hp2', '2024-01-09')).thenThrows('VALIDATION_FAILED');
  });
});

describe('a household whose helper changed', () => {
  const given = deciderSpec(householdDecider, [
    registered,
    assignedTo('hp1', '2024-01-10'),
    assignedTo('hp2', '2024-05-01'),
  ]);

  it('takes visits by the new helper from the change on', () => {
    given.when(visit('hp2', '2024-05-01')).then([
      expect.objectContaining({ type: 'HouseholdVisited' }) as HouseholdEvent,
    ]);
  });

  it('takes a late record of a visit by the former helper while still assigned', () => {
    given.when(visit('hp1', '2024-04-30')).then([
      expect.objectContaining({ type: 'HouseholdVisited' }) as HouseholdEvent,
    ]);
  });

  it('refuses the former helper after the change (NOT_ASSIGNED)', () => {
    given.when(visit('hp1', '2024-05-01')).thenThrows('NOT_ASSIGNED');
  });
});

describe('a deregistered household', () => {
  const given = deciderSpec(householdDecider, [
    registered,
    assignedTo('hp1', '2024-01-10'),
    { type: 'HouseholdDeregistered', data: { deregisteredOn: '2024-03-01', reason: 'moved' } },
  ]);

  it('takes neither a helper nor a visit', () => {
    given.when(assign('hp2', '2024-04-01')).thenThrows('INVALID_STATE');
    given.when(visit('hp1', '2024-04-01')).thenThrows('INVALID_STATE');
  });
});

describe('an unregistered household', () => {
  it('is not found', () => {
    deciderSpec(householdDecider).when(assign('hp1', '2024-01-10')).thenThrows('NOT_FOUND');
    deciderSpec(householdDecider).when(visit('hp1', '2024-01-10')).thenThrows('NOT_FOUND');
  });
});
