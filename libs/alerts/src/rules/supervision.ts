import { candidate, type AlertCandidate } from '../candidate';

/** What an alert's case handling looks like to the ALERT_OVERDUE rule. */
export interface AssignedAlertFact {
  alertId: string;
  regionCode: string;
  status: 'open' | 'acknowledged' | 'resolved';
  dueOn: string;
  /** The number of the current assignment: each one is overdue at most once. */
  assignments: number;
  assignedEventId: string;
}

/**
 * ALERT_OVERDUE (督办超期): a scan after an assignment's `dueOn` finds the alert not resolved.
 * The cause is the assignment's number, so a new assignment can be overdue again.
 */
export function alertOverdue(alert: AssignedAlertFact, asOf: string): AlertCandidate[] {
  if (alert.status === 'resolved' || asOf <= alert.dueOn) return [];
  return [
    candidate('ALERT_OVERDUE', {
      subject: { type: 'alert', id: alert.alertId },
      regionCode: alert.regionCode,
      evidence: [alert.assignedEventId],
      detectedOn: asOf,
      cause: `assignment-${alert.assignments}`,
    }),
  ];
}

export interface PublicReportFact {
  reportId: string;
  regionCode: string;
  receivedOn: string;
  eventId: string;
}

/** The single cause of a report's alert: one alert per report. */
export const PUBLIC_REPORT_CAUSE = 'report';

/** PUBLIC_REPORT: every report from the public becomes an alert an auditor handles. */
export function publicReport(report: PublicReportFact): AlertCandidate[] {
  return [
    candidate('PUBLIC_REPORT', {
      subject: { type: 'report', id: report.reportId },
      regionCode: report.regionCode,
      evidence: [report.eventId],
      detectedOn: report.receivedOn,
      cause: PUBLIC_REPORT_CAUSE,
    }),
  ];
}

export interface TamperFact {
  streamId: string;
  streamVersion: number;
  regionCode: string;
  detectedOn: string;
}

/** The single cause of a stream's tamper alert: raised once per stream. */
export const TAMPER_CAUSE = 'hash-chain';

/** TAMPER_DETECTED: a stored stream no longer matches its hash chain. */
export function tamperDetected(found: TamperFact): AlertCandidate[] {
  return [
    candidate('TAMPER_DETECTED', {
      subject: { type: 'stream', id: found.streamId },
      regionCode: found.regionCode,
      evidence: [],
      detectedOn: found.detectedOn,
      cause: TAMPER_CAUSE,
    }),
  ];
}
