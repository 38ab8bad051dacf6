import type { DomainEvent } from '@sunshine/domain';
import type { HouseholdFact, ProjectFact } from './facts';

/** An event as the rules see it: its data and the id of the stored event. */
export interface FactEvent {
  eventId: string;
  event: DomainEvent;
}

/**
 * Folds a household stream into the facts the rules read; undefined when the stream holds
 * no registration. The same fold serves confirmation against the event store.
 */
export function foldHousehold(
  householdId: string,
  events: readonly FactEvent[],
): HouseholdFact | undefined {
  let fact: HouseholdFact | undefined;
  for (const { eventId, event } of events) {
    switch (event.type) {
      case 'HouseholdRegistered':
        fact = {
          householdId,
          villageCode: event.data.villageCode,
          members: event.data.members,
          registeredOn: event.data.registeredOn,
          eventId,
        };
        break;
      case 'HouseholdDeregistered':
        if (fact) fact.deregisteredOn = event.data.deregisteredOn;
        break;
      case 'HouseholdIncomeRecorded': {
        const d = event.data;
        if (!fact || (fact.latestIncome && fact.latestIncome.period > d.period)) break;
        const totalFen = d.wagesFen + d.businessFen + d.propertyFen + d.transferFen + d.otherFen;
        const oneOffFen = d.oneOffTransfers.reduce((sum, t) => sum + t.amountFen, 0);
        fact.latestIncome = { period: d.period, totalFen, oneOffFen, eventId };
        break;
      }
      default:
        break;
    }
  }
  return fact;
}

export function foldProject(
  projectId: string,
  events: readonly FactEvent[],
): ProjectFact | undefined {
  let fact: ProjectFact | undefined;
  for (const { eventId, event } of events) {
    switch (event.type) {
      case 'ProjectRegistered':
        fact = {
          projectId,
          villageCode: event.data.villageCode,
          registeredOn: event.data.registeredOn,
          eventId,
          stages: [],
        };
        break;
      case 'ProjectStageAdvanced':
        fact?.stages.push({ stage: event.data.stage, on: event.data.advancedOn, eventId });
        break;
      case 'ProjectCancelled':
        if (fact) fact.cancelledOn = event.data.on;
        break;
      default:
        break;
    }
  }
  return fact;
}
