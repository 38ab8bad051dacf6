import { DomainError, type AlertRule } from '@sunshine/domain';
import type { AlertSeverity, AlertSubject } from '../candidate';
import { optionalFen, type Queryable } from './sql';

export const ALERT_PAGE_SIZE_DEFAULT = 100;
export const ALERT_PAGE_SIZE_MAX = 500;
/** Region prefixes one query may combine (a caller's token holds at most 100). */
export const REGION_PREFIXES_MAX = 100;

export type AlertStatus = 'open' | 'acknowledged' | 'resolved';

/** An alert as GET /api/alerts lists it (SPEC §7), with its lifecycle details. */
export interface AlertView {
  alertId: string;
  rule: AlertRule;
  severity: AlertSeverity;
  status: AlertStatus;
  subject: AlertSubject;
  regionCode: string;
  amountFen?: number;
  detectedOn: string;
  evidence: string[];
  cause: string;
  raisedAt: string;
  acknowledged?: { by: string; note: string; at: string };
  resolved?: { by: string; resolution: string; note: string; at: string };
}

export interface AlertQuery {
  /** Alerts whose region code starts with any of these (undefined: everywhere). */
  regionPrefixes?: string[];
  rule?: AlertRule;
  status?: AlertStatus;
  /** Only alerts detected on or before this business date. */
  asOf?: string;
  limit?: number;
  cursor?: string;
}

interface AlertRow {
  alert_id: string;
  rule: AlertRule;
  severity: AlertSeverity;
  status: AlertStatus;
  subject_type: AlertSubject['type'];
  subject_id: string;
  region_code: string;
  amount_fen: string | null;
  detected_on: string;
  evidence: string[];
  cause: string;
  raised_at: string;
  acknowledged_by: string | null;
  acknowledged_note: string | null;
  acknowledged_at: string | null;
  resolved_by: string | null;
  resolution: string | null;
  resolved_note: string | null;
  resolved_at: string | null;
  assignee?: string | null;
  due_on?: string | null;
}

function viewOf(row: AlertRow): AlertView {
  const view: AlertView = {
    alertId: row.alert_id,
    rule: row.rule,
    severity: row.severity,
    status: row.status,
    subject: { type: row.subject_type, id: row.subject_id },
    regionCode: row.region_code,
    detectedOn: row.detected_on,
    evidence: row.evidence,
    cause: row.cause,
    raisedAt: row.raised_at,
  };
  const amountFen = optionalFen(row.amount_fen);
  if (amountFen !== undefined) view.amountFen = amountFen;
  if (row.acknowledged_by !== null) {
    view.acknowledged = {
      by: row.acknowledged_by,
      note: row.acknowledged_note ?? '',
      at: row.acknowledged_at ?? '',
    };
  }
  if (row.resolved_by !== null) {
    view.resolved = {
      by: row.resolved_by,
      resolution: row.resolution ?? '',
      note: row.resolved_note ?? '',
      at: row.resolved_at ?? '',
    };
  }
  return view;
}

function encodeCursor(row: AlertRow): string {
  return Buffer.from(JSON.stringify([row.detected_on, row.alert_id])).toString('base64url');
}

/** Undefined for a cursor this service did not write. */
export function decodeCursor(cursor: string): [string, string] | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return [value[0] as string, value[1] as string];
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** Newest first; a page and the cursor of the next one. */
export async function listAlerts(
  db: Queryable,
  query: AlertQuery,
): Promise<{ items: AlertView[]; nextCursor?: string }> {
  const limit = Math.min(query.limit ?? ALERT_PAGE_SIZE_DEFAULT, ALERT_PAGE_SIZE_MAX);
  const where: string[] = [];
  const values: unknown[] = [];
  const add = (clause: (n: string) => string, value: unknown) => {
    values.push(value);
    where.push(clause(`$${values.length}`));
  };
  if (query.regionPrefixes) {
    const patterns = query.regionPrefixes.slice(0, REGION_PREFIXES_MAX).map((p) => `${p}%`);
    add((n) => `region_code LIKE ANY(${n}::text[])`, patterns);
  }
  if (query.rule) add((n) => `rule = ${n}`, query.rule);
  if (query.status) add((n) => `status = ${n}`, query.status);
  if (query.asOf) add((n) => `detected_on <= ${n}`, query.asOf);
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor);
    if (!after) throw new DomainError('VALIDATION_FAILED', 'cursor is not one this list gave');
    values.push(after[0], after[1]);
    where.push(`(detected_on, alert_id) < ($${values.length - 1}, $${values.length})`);
  }
  values.push(limit + 1);
  const { rows } = await db.query<AlertRow>(
    `SELECT * FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY detected_on DESC, alert_id DESC LIMIT $${values.length}`,
    values,
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const items = page.map(viewOf);
  return rows.length > limit && last ? { items, nextCursor: encodeCursor(last) } : { items };
}

export async function findAlert(db: Queryable, alertId: string): Promise<AlertView | undefined> {
  const { rows } = await db.query<AlertRow>(`SELECT * FROM alerts WHERE alert_id = $1`, [alertId]);
  return rows[0] && viewOf(rows[0]);
}

/** The alert and its current assignment (SPEC §12 case handling). */
export async function findAssignedAlert(
  db: Queryable,
  alertId: string,
): Promise<{ view: AlertView; assignment: { assignee?: string; dueOn?: string } } | undefined> {
  const { rows } = await db.query<AlertRow>(`SELECT * FROM alerts WHERE alert_id = $1`, [alertId]);
  const row = rows[0];
  if (!row) return undefined;
  const assignment = {
    ...(row.assignee ? { assignee: row.assignee } : {}),
    ...(row.due_on ? { dueOn: row.due_on } : {}),
  };
  return { view: viewOf(row), assignment };
}
