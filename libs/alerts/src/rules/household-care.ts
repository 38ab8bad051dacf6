import { daysBetween, watchReasons } from '@sunshine/domain';
import { candidate, type AlertCandidate } from '../candidate';

/**
 * HOUSEHOLD_NOT_VISITED and HOUSEHOLD_WITHOUT_HELPER (SPEC §13), time rules of the scan.
 * Both judge only households of a county that has registered at least one helper, that are
 * registered and not deregistered at the scan date, and that are in poverty or on the
 * return-to-poverty watch list.
 */

/** A household must have a helper this many days after its registration. */
export const HELPER_DEADLINE_DAYS = 30;

export interface HouseholdCareFact {
  householdId: string;
  villageCode: string;
  members: number;
  registeredOn: string;
  deregisteredOn?: string;
  registrationEventId: string;
  status: 'in_poverty' | 'exited' | 'deregistered';
  helper?: { helperId: string; since: string; eventId: string };
  lastVisit?: { on: string; eventId: string };
  latestIncomeFen?: number;
  previousIncomeFen?: number;
  lastReturnedOn?: string;
}

export interface HouseholdCareParams {
  visitDays: number;
  watchLineFen: number;
}

function inScope(fact: HouseholdCareFact, asOf: string, watchLineFen: number): boolean {
  if (fact.registeredOn > asOf) return false;
  if (fact.status === 'deregistered') return false;
  if (fact.deregisteredOn !== undefined && fact.deregisteredOn <= asOf) return false;
  if (fact.status === 'in_poverty') return true;
  const input = {
    members: fact.members,
    ...(fact.latestIncomeFen !== undefined ? { latestIncomeFen: fact.latestIncomeFen } : {}),
    ...(fact.previousIncomeFen !== undefined ? { previousIncomeFen: fact.previousIncomeFen } : {}),
    ...(fact.lastReturnedOn !== undefined ? { lastReturnedOn: fact.lastReturnedOn } : {}),
  };
  return watchReasons(input, asOf, watchLineFen).length > 0;
}

/**
 * Without a helper on the scan date: raised once the registration is more than 30 days old.
 * With one: the days since the later of the assignment and the last visit (dated up to the
 * scan) must not exceed visitDays; the cause names that day, so each lapse is raised once.
 */
export function householdCare(
  fact: HouseholdCareFact,
  asOf: string,
  params: HouseholdCareParams,
  countyHasHelper: boolean,
): AlertCandidate[] {
  if (!countyHasHelper || !inScope(fact, asOf, params.watchLineFen)) return [];
  const subject = { type: 'household' as const, id: fact.householdId };
  const helper = fact.helper && fact.helper.since <= asOf ? fact.helper : undefined;
  if (!helper) {
    if (daysBetween(fact.registeredOn, asOf) <= HELPER_DEADLINE_DAYS) return [];
    return [candidate('HOUSEHOLD_WITHOUT_HELPER', {
      subject, regionCode: fact.villageCode, evidence: [fact.registrationEventId],
      detectedOn: asOf, cause: `registered:${fact.registeredOn}`,
    })];
  }
  const visit = fact.lastVisit && fact.lastVisit.on <= asOf ? fact.lastVisit : undefined;
  const from = visit && visit.on > helper.since ? visit.on : helper.since;
  if (daysBetween(from, asOf) <= params.visitDays) return [];
  return [candidate('HOUSEHOLD_NOT_VISITED', {
    subject, regionCode: fact.villageCode,
    evidence: [helper.eventId, ...(visit ? [visit.eventId] : [])],
    detectedOn: asOf, cause: `helper:${helper.helperId}:since:${from}`,
  })];
}
