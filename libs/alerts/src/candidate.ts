import { createHash } from 'node:crypto';
import type { AlertRule, EventData } from '@sunshine/domain';

/** What a rule finds: everything an AlertRaised event carries. */
export type AlertCandidate = EventData<'AlertRaised'>;
export type AlertSeverity = AlertCandidate['severity'];
export type AlertSubject = AlertCandidate['subject'];

/** Severities of SPEC §6, one per rule. */
export const RULE_SEVERITY: Record<AlertRule, AlertSeverity> = {
  IDLE_ALLOCATION: 'medium',
  PAYMENT_TO_INELIGIBLE_HOUSEHOLD: 'high',
  PAYMENT_OUTSIDE_TARGET_AREA: 'high',
  DUPLICATE_PAYMENT: 'high',
  DISBURSEMENT_BEFORE_APPROVAL: 'high',
  OVER_STANDARD_PAYMENT: 'medium',
  SPLIT_PAYMENTS: 'medium',
  PROJECT_STALLED: 'medium',
  FALSE_EXIT: 'high',
  CROSS_CHECK_HIT: 'high',
  UNDISTRIBUTED_INCOME: 'high',
  HIGH_RETENTION: 'medium',
  PAYMENT_UNCONFIRMED: 'medium',
  PUBLIC_REPORT: 'medium',
  ALERT_OVERDUE: 'high',
  TAMPER_DETECTED: 'critical',
  HOUSEHOLD_NOT_VISITED: 'medium',
  HOUSEHOLD_WITHOUT_HELPER: 'medium',
  ASSET_NOT_REGISTERED: 'medium',
};

/** The evidence list of an AlertRaised event holds at most this many event ids. */
export const EVIDENCE_MAX = 200;
const ALERT_ID_HEX_LENGTH = 32;

export function candidate(
  rule: AlertRule,
  fields: Omit<AlertCandidate, 'rule' | 'severity'>,
): AlertCandidate {
  const evidence = [...new Set(fields.evidence)].slice(0, EVIDENCE_MAX);
  const base = { rule, severity: RULE_SEVERITY[rule], ...fields, evidence };
  if (base.amountFen === undefined) delete base.amountFen;
  return base;
}

/**
 * The alert id is a function of (rule, subject, cause) only, so that every evaluation of the
 * same finding, by any instance at any time, addresses the same `alert-{id}` stream.
 */
export function alertIdOf(found: Pick<AlertCandidate, 'rule' | 'subject' | 'cause'>): string {
  const key = JSON.stringify([found.rule, found.subject.type, found.subject.id, found.cause]);
  const digest = createHash('sha256').update(key).digest('hex');
  return `${found.rule.toLowerCase().replace(/_/g, '-')}-${digest.slice(0, ALERT_ID_HEX_LENGTH)}`;
}
