import { z } from 'zod';
import type { EventStore } from '@sunshine/event-store';
import { toSafeNumber } from './metrics';
import { assertSchemaName, type Queryable } from './schema';
import { verifyStreams, type Integrity, type VerifyMode } from './verified-streams';

/** Village history and household timelines: projected entries in business-date order. */

export const HISTORY_ENTRIES_MAX = 50_000;

const fen = z.union([z.string(), z.number()]).transform((value) => BigInt(value));
const entryRow = z.object({
  event_id: z.string(),
  type: z.string(),
  business_date: z.string(),
  global_position: z.coerce.number().int(),
  stream_id: z.string(),
  stream_version: z.coerce.number().int(),
  fund_id: z.string().nullable(),
  allocation_id: z.string().nullable(),
  household_id: z.string().nullable(),
  project_id: z.string().nullable(),
  amount_fen: fen.nullable(),
  balance_effect_fen: fen,
  detail: z.record(z.string(), z.unknown()),
});
type EntryRow = z.infer<typeof entryRow>;

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
  truncated: boolean;
  integrity: Integrity;
}

const ENTRY_COLUMNS = `event_id, type, business_date, global_position, stream_id, stream_version,
  fund_id, allocation_id, household_id, project_id, amount_fen::text AS amount_fen,
  balance_effect_fen::text AS balance_effect_fen, detail`;

export function withRunningBalance(rows: EntryRow[]): HistoryEntry[] {
  let balance = 0n;
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

export async function villageHistory(
  db: Queryable,
  schema: string,
  store: EventStore,
  villageCode: string,
  asOf: string,
  verify: VerifyMode = 'incremental',
): Promise<VillageHistory> {
  const s = assertSchemaName(schema);
  const rows = z.array(entryRow).parse(
    await db.query(
      `SELECT ${ENTRY_COLUMNS} FROM ${s}.timeline
       WHERE village_code = $1 AND business_date <= $2
       ORDER BY business_date, global_position LIMIT $3`,
      [villageCode, asOf, HISTORY_ENTRIES_MAX + 1],
    ),
  );
  const truncated = rows.length > HISTORY_ENTRIES_MAX;
  const kept = rows.slice(0, HISTORY_ENTRIES_MAX);
  const streamIds = kept.map((row) => row.stream_id);
  const integrity = await verifyStreams(db, s, store, streamIds, verify);
  return { villageCode, asOf, entries: withRunningBalance(kept), truncated, integrity };
}

/** Every entry naming the household, each event once, oldest first. */
export async function householdEntries(
  db: Queryable,
  schema: string,
  householdId: string,
): Promise<HistoryEntry[]> {
  const s = assertSchemaName(schema);
  const rows = z.array(entryRow).parse(
    await db.query(
      `SELECT * FROM (
         SELECT DISTINCT ON (event_id) ${ENTRY_COLUMNS} FROM ${s}.timeline
         WHERE household_id = $1 ORDER BY event_id, balance_effect_fen <> 0 DESC) e
       ORDER BY business_date, global_position LIMIT $2`,
      [householdId, HISTORY_ENTRIES_MAX],
    ),
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
  const rows = z.array(entryRow).parse(
    await db.query(
      `SELECT ${ENTRY_COLUMNS} FROM ${s}.timeline WHERE project_id = $1
       ORDER BY business_date, global_position LIMIT $2`,
      [projectId, HISTORY_ENTRIES_MAX],
    ),
  );
  return withRunningBalance(rows.map((row) => ({ ...row, balance_effect_fen: 0n })));
}
