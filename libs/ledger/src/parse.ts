import type { StoredEvent } from '@sunshine/event-store';
import { EVENT_SCHEMAS, type DomainEvent, type EventType } from '@sunshine/domain';

function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_SCHEMAS, type);
}

/**
 * Parses a stored event's data with its zod schema. Returns undefined for a type this
 * projection does not know (a newer producer); throws when a known type fails validation,
 * because the store only holds events that passed the same schema on the way in.
 */
export function parseLedgerEvent(stored: StoredEvent): DomainEvent | undefined {
  if (!isEventType(stored.type)) return undefined;
  const spec = EVENT_SCHEMAS[stored.type];
  const data = spec.schema.parse(stored.data);
  return { type: stored.type, data } as DomainEvent;
}
