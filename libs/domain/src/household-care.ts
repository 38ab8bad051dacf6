import type { EventData } from './events';
import type { AssignHouseholdHelper, RecordHouseholdVisit } from './household';
import type { HouseholdEvent, RegisteredHousehold } from './household-decider';
import { DomainError, invalidState, notFound, validationFailed } from './errors';
import { omitKey } from './omit';

/**
 * Helpers (帮扶责任人) and their visits to a household (SPEC §13), decided on the household's
 * stream: whether a helper may visit depends on the household's own assignments.
 */

export type HelperAssignment = EventData<'HouseholdHelperAssigned'>;

/** The helper assigned on `date`: the last assignment dated on or before it. */
export function helperAssignedOn(
  helpers: readonly HelperAssignment[],
  date: string,
): HelperAssignment | undefined {
  let current: HelperAssignment | undefined;
  for (const assignment of helpers) {
    if (assignment.since <= date) current = assignment;
  }
  return current;
}

export function decideHelperAssignment(
  command: AssignHouseholdHelper,
  state: RegisteredHousehold,
): HouseholdEvent[] {
  const { householdId, helperId, since, helperVillageCodes } = command.data;
  if (state.status === 'deregistered') throw invalidState(`household ${householdId} is deregistered`);
  if (helperVillageCodes === undefined) throw notFound('helper', helperId);
  const village = state.household.villageCode;
  if (!helperVillageCodes.includes(village)) {
    throw invalidState(`helper ${helperId} does not cover village ${village}`);
  }
  if (since < state.household.registeredOn) {
    throw validationFailed(`since ${since} is before the registration`, 'since');
  }
  const last = state.household.helpers.at(-1);
  if (last && since < last.since) {
    throw validationFailed(`since ${since} is before the current assignment (${last.since})`,
      'since');
  }
  // Assigning the helper who already holds the household changes nothing.
  if (last?.helperId === helperId) return [];
  return [{ type: 'HouseholdHelperAssigned', data: { helperId, since } }];
}

export function decideVisit(
  command: RecordHouseholdVisit,
  state: RegisteredHousehold,
): HouseholdEvent[] {
  const { householdId, helperId, visitedOn } = command.data;
  if (state.status === 'deregistered') throw invalidState(`household ${householdId} is deregistered`);
  const assigned = helperAssignedOn(state.household.helpers, visitedOn);
  if (assigned?.helperId !== helperId) {
    throw new DomainError(
      'NOT_ASSIGNED',
      `helper ${helperId} is not assigned to household ${householdId} on ${visitedOn}`,
      [{ path: 'helperId', message: 'the helper is not assigned to this household' }],
    );
  }
  const data = { ...omitKey(command.data, 'householdId'), evidence: command.data.evidence ?? [] };
  return [{ type: 'HouseholdVisited', data }];
}
