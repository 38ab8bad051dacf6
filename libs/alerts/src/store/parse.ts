import { EVENT_SCHEMAS, parseStoredEvent, type DomainEvent } from '@sunshine/domain';
import type { StoredEvent } from '@sunshine/event-store';

/** True for the event types this release knows; others are skipped, never misread. */
export function isKnownEventType(type: string): type is keyof typeof EVENT_SCHEMAS {
  return Object.hasOwn(EVENT_SCHEMAS, type);
}

/** Parses (and upcasts) a stored event into its current-version domain event. */
export function parseEvent(stored: StoredEvent): DomainEvent {
  return parseStoredEvent(stored);
}
