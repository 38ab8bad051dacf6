import { alertIdOf } from '../candidate';
import type { Finding } from './evaluate';
import type { Queryable } from './sql';

/** Where a finding came from, carried onto the AlertRaised event for tracing. */
export interface FindingOrigin {
  correlationId: string;
  causationId: string;
  traceparent?: string;
}

/**
 * Queues findings to be raised after the facts commit. A finding whose alert already exists
 * in the read model is dropped here, so re-evaluations cost no event-store round trip.
 */
export async function enqueueFindings(
  db: Queryable,
  findings: readonly Finding[],
  origin: FindingOrigin,
): Promise<number> {
  let queued = 0;
  for (const finding of findings) {
    const alertId = alertIdOf(finding.candidate);
    const { rowCount } = await db.query(
      `INSERT INTO alert_outbox (alert_id, finding, confirm)
       SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM alerts WHERE alert_id = $1)
       ON CONFLICT (alert_id) DO NOTHING`,
      [alertId, JSON.stringify({ candidate: finding.candidate, origin }),
        finding.confirm ? JSON.stringify(finding.confirm) : null],
    );
    queued += rowCount ?? 0;
  }
  return queued;
}
