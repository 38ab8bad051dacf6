import { entityIdOfStream, type DomainEvent } from '@sunshine/domain';
import type { StoredEvent } from '@sunshine/event-store';
import type { Queryable } from './sql';

/** Projects alert events into the `alerts` read model; returns the id of a new alert. */
export async function projectAlertEvent(
  db: Queryable,
  stored: StoredEvent,
  event: DomainEvent,
): Promise<string | undefined> {
  const alertId = entityIdOfStream(stored.streamId);
  switch (event.type) {
    case 'AlertRaised': {
      const d = event.data;
      const { rowCount } = await db.query(
        `INSERT INTO alerts (alert_id, rule, severity, status, subject_type, subject_id,
           region_code, amount_fen, detected_on, evidence, cause, raised_at, position)
         VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (alert_id) DO NOTHING`,
        [alertId, d.rule, d.severity, d.subject.type, d.subject.id, d.regionCode,
          d.amountFen ?? null, d.detectedOn, JSON.stringify(d.evidence), d.cause,
          stored.recordedAt, stored.globalPosition],
      );
      return rowCount === 1 ? alertId : undefined;
    }
    case 'AlertAcknowledged':
      await db.query(
        `UPDATE alerts SET status = 'acknowledged', acknowledged_by = $2, acknowledged_note = $3,
           acknowledged_at = $4 WHERE alert_id = $1 AND status = 'open'`,
        [alertId, event.data.by, event.data.note, stored.recordedAt],
      );
      return undefined;
    case 'AlertResolved':
      await db.query(
        `UPDATE alerts SET status = 'resolved', resolved_by = $2, resolution = $3,
           resolved_note = $4, resolved_at = $5 WHERE alert_id = $1`,
        [alertId, event.data.by, event.data.resolution, event.data.note, stored.recordedAt],
      );
      return undefined;
    case 'AlertAssigned':
      // Applied once per stream version (alert_applied), so the count stays exact.
      await db.query(
        `UPDATE alerts SET assignee = $2, due_on = $3, assignments = assignments + 1,
           assigned_event_id = $4 WHERE alert_id = $1`,
        [alertId, event.data.assignee, event.data.dueOn, stored.eventId],
      );
      return undefined;
    default:
      return undefined;
  }
}
