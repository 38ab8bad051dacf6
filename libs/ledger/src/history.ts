import type { EventStore } from '@sunshine/event-store';
import { toSafeNumber } from './metrics';
import { assertSchemaName, type Queryable } from './schema';
import { verifyStreams, type Integrity, type VerifyMode } from './verified-streams';

/** Village history and household timelines: projected entries in business-date order. */

export const HISTORY_ENTRIES_MAX = 50_000;
/** Entries of a village history page when the client names no `limit`, and at most. */
export const HISTORY_PAGE_DEFAULT = 1_000;
export const HISTORY_PAGE_MAX = 10_000;

/** Where a page of a village history starts: after this entry (exclusive). */
export interface HistoryCursor {
  businessDate: string;
  globalPosition: number;
}

export interface HistoryPage {
  limit: number;
  after?: HistoryCursor;
}

interface EntryRow {
  event_id: string;
  type: string;
  business_date: string;
  global_position: number;
  stream_id: string;
  stream_version: number;
  fund_id: string | null;
  allocation_id: string | null;
  household_id: string | null;
  project_id: string | null;
  amount_fen: bigint | null;
  balance_effect_fen: bigint;
  detail: Record<string, unknown>;
}

/**
 * A timeline row as the projection wrote it. The rows are this system's own, so they are
 * mapped, not validated again; money arrives as text (numeric) and becomes a bigint.
 */
function entryRowOf(raw: Record<string, unknown>): EntryRow {
  const text = (value: unknown): string | null => (value === null ? null : String(value));
  return {
    event_id: String(raw.event_id),
    type: String(raw.type),
    business_date: String(raw.business_date),
    global_position: Number(raw.global_position),
    stream_id: String(raw.stream_id),
    stream_version: Number(raw.stream_version),
    fund_id: text(raw.fund_id),
    allocation_id: text(raw.allocation_id),
    household_id: text(raw.household_id),
    project_id: text(raw.project_id),
    amount_fen: raw.amount_fen === null ? null : BigInt(String(raw.amount_fen)),
    balance_effect_fen: BigInt(String(raw.balance_effect_fen)),
    detail: (raw.detail ?? {}) as Record<string, unknown>,
  };
}

async function entryRows(db: Queryable, sql: string, params: unknown[]): Promise<EntryRow[]> {
  const rows = (await db.query(sql, params)) as Record<string, unknown>[];
  return rows.map(entryRowOf);
}

export interface HistoryEntry {
  eventId: string;
  type: string;
  businessDate: string;
  globalPosition: number;
  streamId: string;
  streamVersion: number;
  fundId: string | null;
  allocationId: string | null;
  householdId: string | null;
  projectId: string | null;
  amountFen: number | null;
  /** Signed change of the money the village holds from its allocations. */
  balanceEffectFen: number;
  /** Money the village holds from its allocations after this entry. */
  balanceFen: number;
  detail: Record<string, unknown>;
}

export interface VillageHistory {
  villageCode: string;
  asOf: string;
  entries: HistoryEntry[];
  /** True when later entries exist: `nextCursor` reads them. */
  truncated: boolean;
  nextCursor?: string;
  integrity: Integrity;
}

/** A cursor is the last entry of a page, as `YYYY-MM-DD.position`, base64url-encoded. */
export function encodeHistoryCursor(cursor: HistoryCursor): string {
  return Buffer.from(`${cursor.businessDate}.${cursor.globalPosition}`).toString('base64url');
}

/** The cursor a client sent back, or undefined when it is not one this API made. */
export function decodeHistoryCursor(text: string): HistoryCursor | undefined {
  const decoded = Buffer.from(text, 'base64url').toString('utf8');
  const match = /^(\d{4}-\d{2}-\d{2})\.(\d{1,15})$/.exec(decoded);
  if (!match?.[1] || !match[2]) return undefined;
  return { businessDate: match[1], globalPosition: Number(match[2]) };
}

const ENTRY_COLUMNS = `event_id, type, business_date, global_position, stream_id, stream_version,
  fund_id, allocation_id, household_id, project_id, amount_fen::text AS amount_fen,
  balance_effect_fen::text AS balance_effect_fen, detail`;

export function withRunningBalance(rows: EntryRow[], openingFen = 0n): HistoryEntry[] {
  let balance = openingFen;
  return rows.map((row) => {
    balance += row.balance_effect_fen;
    return {
      eventId: row.event_id,
      type: row.type,
      businessDate: row.business_date,
      globalPosition: row.global_position,
      streamId: row.stream_id,
      streamVersion: row.stream_version,
      fundId: row.fund_id,
      allocationId: row.allocation_id,
      householdId: row.household_id,
      projectId: row.project_id,
      amountFen: row.amount_fen === null ? null : toSafeNumber(row.amount_fen),
      balanceEffectFen: toSafeNumber(row.balance_effect_fen),
      balanceFen: toSafeNumber(balance),
      detail: row.detail,
    };
  });
}

/** The village's balance after the entries before a page: the sum of their effects. */
async function openingBalance(
  db: Queryable,
  s: string,
  villageCode: string,
  asOf: string,
  after: HistoryCursor | undefined,
): Promise<bigint> {
  if (!after) return 0n;
  const rows = (await db.query(
    `SELECT COALESCE(SUM(balance_effect_fen), 0)::text AS fen FROM ${s}.timeline
     WHERE village_code = $1 AND business_date <= $2
       AND (business_date, global_position) <= ($3::text, $4::bigint)`,
    [villageCode, asOf, after.businessDate, after.globalPosition],
  )) as { fen: string }[];
  return BigInt(rows[0]?.fen ?? '0');
}

/**
 * One page of a village's history in business-date order, with running balances that
 * continue from the entries before it, and the integrity of the streams its entries come
 * from. Pages keep every request bounded however long the village's funds have run.
 */
export async function villageHistory(
  db: Queryable,
  schema: string,
  store: EventStore,
  villageCode: string,
  asOf: string,
  verify: VerifyMode = 'incremental',
  page: HistoryPage = { limit: HISTORY_PAGE_DEFAULT },
): Promise<VillageHistory> {
  const s = assertSchemaName(schema);
  const limit = Math.min(Math.max(1, page.limit), HISTORY_PAGE_MAX);
  const after = page.after ?? { businessDate: '0001-01-01', globalPosition: 0 };
  const rows = await entryRows(
    db,
    `SELECT ${ENTRY_COLUMNS} FROM ${s}.timeline
     WHERE village_code = $1 AND business_date <= $2
       AND (business_date, global_position) > ($3::text, $4::bigint)
     ORDER BY business_date, global_position LIMIT $5`,
    [villageCode, asOf, after.businessDate, after.globalPosition, limit + 1],
  );
  const kept = rows.slice(0, limit);
  const last = kept[kept.length - 1];
  const truncated = rows.length > limit && last !== undefined;
  const opening = await openingBalance(db, s, villageCode, asOf, page.after);
  const streamIds = [...new Set(kept.map((row) => row.stream_id))];
  const integrity = await verifyStreams(db, s, store, streamIds, verify);
  const history: VillageHistory = {
    villageCode,
    asOf,
    entries: withRunningBalance(kept, opening),
    truncated,
    integrity,
  };
  if (truncated) {
    const cursor = { businessDate: last.business_date, globalPosition: last.global_position };
    history.nextCursor = encodeHistoryCursor(cursor);
  }
  return history;
}

/** Every entry naming the household, each event once, oldest first. */
export async function householdEntries(
  db: Queryable,
  schema: string,
  householdId: string,
): Promise<HistoryEntry[]> {
  const s = assertSchemaName(schema);
  const rows = await entryRows(
    db,
    `SELECT * FROM (
       SELECT DISTINCT ON (event_id) ${ENTRY_COLUMNS} FROM ${s}.timeline
       WHERE household_id = $1 ORDER BY event_id, balance_effect_fen <> 0 DESC) e
     ORDER BY business_date, global_position LIMIT $2`,
    [householdId, HISTORY_ENTRIES_MAX],
  );
  // The balance column belongs to a village's history; a household's own entries carry none.
  return withRunningBalance(rows.map((row) => ({ ...row, balance_effect_fen: 0n })));
}

export async function projectEntries(
  db: Queryable,
  schema: string,
  projectId: string,
): Promise<HistoryEntry[]> {
  const s = assertSchemaName(schema);
  const rows = await entryRows(
    db,
    `SELECT ${ENTRY_COLUMNS} FROM ${s}.timeline WHERE project_id = $1
     ORDER BY business_date, global_position LIMIT $2`,
    [projectId, HISTORY_ENTRIES_MAX],
  );
  return withRunningBalance(rows.map((row) => ({ ...row, balance_effect_fen: 0n })));
}
