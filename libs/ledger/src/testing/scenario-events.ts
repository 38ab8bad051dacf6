import { EVENT_SCHEMAS, type DomainEvent } from '@sunshine/domain';
import type { EventStore, NewEvent, StoredEvent } from '@sunshine/event-store';

/** Test support: append domain events to a real store, stream by stream, in order. */

export interface ScenarioEvent {
  streamId: string;
  event: DomainEvent;
  occurredOn: string;
}

export function newEvent(item: ScenarioEvent, n: number): NewEvent {
  return {
    type: item.event.type,
    schemaVersion: EVENT_SCHEMAS[item.event.type].version,
    data: item.event.data as Record<string, unknown>,
    occurredOn: item.occurredOn,
    actor: { sub: 'scenario', role: 'admin' },
    correlationId: `scenario-${n}`,
    causationId: `scenario-${n}`,
  };
}

/** Appends each event to its stream in the given order; returns what the store recorded. */
export async function appendScenario(
  store: EventStore,
  items: ScenarioEvent[],
): Promise<StoredEvent[]> {
  const stored: StoredEvent[] = [];
  let n = 0;
  for (const item of items) {
    const result = await store.append(item.streamId, [newEvent(item, n++)], {
      expectedVersion: 'any',
    });
    stored.push(...result.events);
  }
  return stored;
}
