import type { StoredEvent } from '@sunshine/event-store';
import { isEventType, parseStoredEvent, type DomainEvent } from '@sunshine/domain';

/**
 * Reads a stored event as a current domain event (upcasting older versions). Returns
 * undefined for a type this projection does not know (a newer producer), so the stream's
 * version still advances past it; throws when a known type fails validation, because the
 * store only holds events that passed the same schema on the way in.
 */
export function parseLedgerEvent(stored: StoredEvent): DomainEvent | undefined {
  if (!isEventType(stored.type)) return undefined;
  return parseStoredEvent(stored);
}
