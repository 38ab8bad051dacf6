import { EVENT_SCHEMAS, type DomainEvent } from '@sunshine/domain';
import type { EventStore, NewEvent, StoredEvent } from '@sunshine/event-store';
import type { EventConsumer } from '@sunshine/messaging';

/** Builds a NewEvent from a domain event, for integration specs that write to a real store. */
export function newEvent(event: DomainEvent, occurredOn = '2024-01-01'): NewEvent {
  return {
    type: event.type,
    schemaVersion: EVENT_SCHEMAS[event.type].version,
    data: event.data as Record<string, unknown>,
    occurredOn,
    actor: { sub: 'spec', role: 'admin' },
    correlationId: 'spec-correlation',
    causationId: 'spec-causation',
  };
}

export async function appendEvents(
  store: EventStore,
  streamId: string,
  events: DomainEvent[],
): Promise<StoredEvent[]> {
  const result = await store.append(streamId, events.map((e) => newEvent(e)), {
    expectedVersion: 'any',
  });
  return result.events;
}

/** Rounds of feeding before a spec gives up waiting for the consumer to catch up. */
const FEED_ROUNDS_MAX = 50;

/**
 * Feeds a consumer from the store until it has seen the head, the way the in-process feed
 * does, so that alerts the consumer raises are projected back by the next round.
 */
export async function feedUntilCaughtUp(store: EventStore, consumer: EventConsumer): Promise<void> {
  for (let round = 0; round < FEED_ROUNDS_MAX; round += 1) {
    const after = await consumer.lastPosition();
    const events = await store.readAll({ after, maxCount: 500 });
    if (events.length === 0) return;
    await consumer.handle(events);
  }
  throw new Error(`consumer did not catch up within ${FEED_ROUNDS_MAX} rounds`);
}
