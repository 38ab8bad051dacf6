import { EVENT_SCHEMAS, readStoredEvent, type DomainEvent } from '@sunshine/domain';
import type { StoredEvent } from '@sunshine/event-store';

/** True for the event types this release knows; others are skipped, never misread. */
export function isKnownEventType(type: string): type is keyof typeof EVENT_SCHEMAS {
  return Object.hasOwn(EVENT_SCHEMAS, type);
}

/**
 * Upcasts a stored event into its current-version domain event. Data is not validated
 * again: the store only holds events that passed their schema, and the Kafka feed
 * validates what it receives.
 */
export function parseEvent(stored: StoredEvent): DomainEvent {
  return readStoredEvent(stored);
}
