import { EVENT_SCHEMAS, type DomainEvent } from '@sunshine/domain';
import type { StoredEvent } from '@sunshine/event-store';

/** True for the event types this release knows; others are skipped, never misread. */
export function isKnownEventType(type: string): type is keyof typeof EVENT_SCHEMAS {
  return Object.hasOwn(EVENT_SCHEMAS, type);
}

/** Parses (and upcasts) a stored event into its current-version domain event. */
export function parseEvent(stored: StoredEvent): DomainEvent {
  if (!isKnownEventType(stored.type)) throw new Error(`unknown event type ${stored.type}`);
  const schema = EVENT_SCHEMAS[stored.type].schema;
  return { type: stored.type, data: schema.parse(stored.data) } as DomainEvent;
}
