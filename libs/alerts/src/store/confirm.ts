import { householdStreamId, projectStreamId } from '@sunshine/domain';
import { READ_BATCH_MAX, type EventStore, type StoredEvent } from '@sunshine/event-store';
import type { AlertCandidate } from '../candidate';
import { foldHousehold, foldProject, type FactEvent } from '../fold';
import { disbursementBeforeApproval, paymentToIneligibleHousehold } from '../rules';
import type { Confirmation } from './evaluate';
import { isKnownEventType, parseEvent } from './parse';

/** Household and project streams are short; this bounds a confirmation read. */
export const CONFIRM_STREAM_EVENTS_MAX = 10 * READ_BATCH_MAX;

async function readFactEvents(store: EventStore, streamId: string): Promise<FactEvent[]> {
  const events: StoredEvent[] = [];
  while (events.length < CONFIRM_STREAM_EVENTS_MAX) {
    const page = await store.readStream(streamId, {
      fromVersion: events.length + 1,
      maxCount: READ_BATCH_MAX,
    });
    events.push(...page);
    if (page.length < READ_BATCH_MAX) break;
  }
  return events
    .filter((stored) => isKnownEventType(stored.type))
    .map((stored) => ({ eventId: stored.eventId, event: parseEvent(stored) }));
}

/**
 * Re-runs a finding's rule with the other stream as the event store holds it now, and
 * returns what that rule finds; an empty list means the fact it missed has been written.
 */
export async function confirmFinding(
  store: EventStore,
  confirm: Confirmation,
): Promise<AlertCandidate[]> {
  switch (confirm.kind) {
    case 'household': {
      const events = await readFactEvents(store, householdStreamId(confirm.householdId));
      const household = foldHousehold(confirm.householdId, events);
      return paymentToIneligibleHousehold(confirm.payment, confirm.allocation, household);
    }
    case 'project': {
      const events = await readFactEvents(store, projectStreamId(confirm.projectId));
      const project = foldProject(confirm.projectId, events);
      return disbursementBeforeApproval(confirm.disbursement, confirm.allocation, project);
    }
    default: {
      const unexpected: never = confirm;
      throw new Error(`unknown confirmation ${JSON.stringify(unexpected)}`);
    }
  }
}
