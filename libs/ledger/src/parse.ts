import type { StoredEvent } from '@sunshine/event-store';
import { isEventType, readStoredEvent, type DomainEvent } from '@sunshine/domain';

/**
 * Reads a stored event as a current domain event (upcasting older versions). Returns
 * undefined for a type this projection does not know (a newer producer), so the stream's
 * version still advances past it. Data is not validated again: the store only holds events
 * that passed their schema on the way in, and the Kafka feed validates what it receives.
 */
export function parseLedgerEvent(stored: StoredEvent): DomainEvent | undefined {
  if (!isEventType(stored.type)) return undefined;
  return readStoredEvent(stored);
}
