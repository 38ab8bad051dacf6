import { alertStreamId } from '@sunshine/domain';
import { READ_BATCH_MAX, type EventStore, type StoredEvent } from '@sunshine/event-store';
import type { AlertView } from '../store/alert-queries';
import { evidenceItem, recipientOf, type EvidenceItem } from './evidence';

/** One step of an alert's handling record. */
export interface HistoryEntry {
  type: string;
  by: string;
  at: string;
  note?: string;
  /** How a resolution closed the case: confirmed, false_positive or rectified. */
  resolution?: string;
}

/** `GET /api/alerts/{id}` (SPEC §12): the alert, its case handling and readable evidence. */
export interface AlertDetail extends Omit<AlertView, 'evidence'> {
  assignee?: string;
  dueOn?: string;
  history: HistoryEntry[];
  /** The evidence events the store still holds, in the alert's order. */
  evidence: EvidenceItem[];
  householdId?: string;
  payee?: { type: string; id: string; name: string };
}

function historyOf(events: readonly StoredEvent[]): HistoryEntry[] {
  return events.map((event) => {
    const by = typeof event.data.by === 'string' ? event.data.by : event.actor.sub;
    const note = typeof event.data.note === 'string' && event.data.note !== ''
      ? event.data.note
      : undefined;
    const resolution = typeof event.data.resolution === 'string'
      ? event.data.resolution
      : undefined;
    return { type: event.type, by, at: event.recordedAt, ...(note ? { note } : {}),
      ...(resolution ? { resolution } : {}) };
  });
}

/**
 * The handling record is read from the alert's own stream (complete and current, checked
 * against its hash chain by the read fold before this runs); the evidence events from the
 * store by id, where the store can look them up.
 */
export async function alertDetail(
  store: EventStore,
  view: AlertView,
  assignment: { assignee?: string; dueOn?: string },
): Promise<AlertDetail> {
  const stream = await store.readStream(alertStreamId(view.alertId), { maxCount: READ_BATCH_MAX });
  const evidence = store.readEventsById ? await store.readEventsById(view.evidence) : [];
  const byId = new Map(evidence.map((event) => [event.eventId, event]));
  const ordered = view.evidence.flatMap((id) => {
    const event = byId.get(id);
    return event ? [event] : [];
  });
  return {
    ...view,
    ...assignment,
    history: historyOf(stream),
    evidence: ordered.map(evidenceItem),
    ...recipientOf(ordered),
  };
}
