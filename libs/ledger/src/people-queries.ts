import { z } from 'zod';
import {
  incomePerMemberFen,
  RECENT_RETURN_YEARS,
  WATCH_LINE_FEN_DEFAULT,
  watchReasons,
  type WatchReason,
  yearsBefore,
} from '@sunshine/domain';
import { toSafeNumber } from './metrics';
import { assertSchemaName, type Queryable } from './schema';

/** Reads of SPEC §13: helper ledgers, project assets, the watch list and the household list. */

export const HOUSEHOLD_PAGE_DEFAULT = 50;
export const HOUSEHOLD_PAGE_MAX = 200;
export const WATCH_PAGE_DEFAULT = 200;
export const WATCH_PAGE_MAX = 1000;

const fen = z.union([z.string(), z.number()]).transform((v) => toSafeNumber(BigInt(v)));
const optionalText = z.string().nullable().transform((v) => v ?? undefined);

/** Region prefixes as LIKE patterns; '' (every region) for an admin who names none. */
export function likePatterns(prefixes: readonly string[]): string[] {
  return prefixes.map((prefix) => `${prefix}%`);
}

/** Escapes LIKE wildcards, so a name or an id is matched as written, as a prefix. */
function prefixPattern(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function compact<T extends Record<string, unknown>>(row: T): T {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined)) as T;
}

const registerRow = z.object({
  household_id: z.string(),
  village_code: z.string(),
  head_name: z.string(),
  members: z.coerce.number().int(),
  registered_on: z.string(),
  status: z.string(),
  status_on: z.string(),
  helper_id: optionalText,
  helper_since: optionalText,
  last_visit_on: optionalText,
});

export interface HouseholdListItem {
  householdId: string;
  villageCode: string;
  headName: string;
  members: number;
  status: string;
  statusOn: string;
  registeredOn: string;
  helperId?: string;
  helperSince?: string;
  lastVisitOn?: string;
}

export interface HouseholdListQuery {
  regionPrefixes: readonly string[];
  status?: string;
  q?: string;
  after?: HouseholdCursor;
  limit?: number;
}

/**
 * Households of the register in id order, a page at a time (keyset: `after` is the last id
 * of the page before). `q` matches the start of the head's name or of the household id; id
 * numbers are not held here, so they can be neither searched nor returned.
 */
/**
 * A region prefix as a range of codes, which a btree on the code serves whatever the
 * collation (codes are digits): "320826130" → ["320826130", "320826131"). The prefix of
 * nines has no upper bound of its length, and '' (everywhere) none at all.
 */
export function regionRange(prefix: string): { from: string; below?: string } {
  if (prefix === '' || /^9+$/.test(prefix)) return { from: prefix };
  const below = (BigInt(prefix) + 1n).toString().padStart(prefix.length, '0');
  return { from: prefix, below };
}

/**
 * The WHERE clause of a list over region prefixes: one region is a range an index serves,
 * several are LIKE patterns.
 */
export function regionCondition(column: string, prefixes: readonly string[], values: unknown[]):
string {
  const [only] = prefixes;
  if (prefixes.length === 1 && only !== undefined) {
    const { from, below } = regionRange(only);
    values.push(from, `${only}%`);
    const range = `${column} >= $${values.length - 1} AND ${column} LIKE $${values.length}`;
    if (below === undefined) return range;
    values.push(below);
    return `${range} AND ${column} < $${values.length}`;
  }
  values.push(likePatterns(prefixes));
  return `${column} LIKE ANY($${values.length}::text[])`;
}

/** Where a page of the household list starts: after this village and household. */
export interface HouseholdCursor {
  villageCode: string;
  householdId: string;
}

export function encodeHouseholdCursor(cursor: HouseholdCursor): string {
  return `${cursor.villageCode}_${cursor.householdId}`;
}

export function decodeHouseholdCursor(text: string): HouseholdCursor | undefined {
  const match = /^(\d{12})_([A-Za-z0-9_-]{1,64})$/.exec(text);
  return match?.[1] && match[2] ? { villageCode: match[1], householdId: match[2] } : undefined;
}

/**
 * Households of the register by village, then id, a page at a time (keyset: `after` is where
 * the page before ended). Only the conditions asked for are in the query, so each gets a
 * plan of its own. `q` matches the start of the head's name or of the household id; id
 * numbers are not held here, so they can be neither searched nor returned.
 */
export interface Page<Item> {
  items: Item[];
  nextCursor?: string;
}

export async function listHouseholds(
  db: Queryable,
  schema: string,
  query: HouseholdListQuery,
): Promise<Page<HouseholdListItem>> {
  const s = assertSchemaName(schema);
  const limit = Math.min(query.limit ?? HOUSEHOLD_PAGE_DEFAULT, HOUSEHOLD_PAGE_MAX);
  const values: unknown[] = [query.after?.villageCode ?? '', query.after?.householdId ?? ''];
  const conditions = ['(village_code, household_id) > ($1, $2)',
    regionCondition('village_code', query.regionPrefixes, values)];
  if (query.status !== undefined) {
    values.push(query.status);
    conditions.push(`status = $${values.length}`);
  }
  if (query.q !== undefined) {
    values.push(prefixPattern(query.q));
    conditions.push(`(head_name LIKE $${values.length} OR household_id LIKE $${values.length})`);
  }
  values.push(limit + 1);
  const rows = z.array(registerRow).parse(
    await db.query(
      `SELECT household_id, village_code, head_name, members, registered_on, status,
         status_on, helper_id, helper_since, last_visit_on
       FROM ${s}.household_register WHERE ${conditions.join(' AND ')}
       ORDER BY village_code, household_id LIMIT $${values.length}`,
      values,
    ),
  );
  const page = rows.slice(0, limit);
  const items: HouseholdListItem[] = page.map((r) =>
    compact({
      householdId: r.household_id, villageCode: r.village_code, headName: r.head_name,
      members: r.members, status: r.status, statusOn: r.status_on,
      registeredOn: r.registered_on, helperId: r.helper_id, helperSince: r.helper_since,
      lastVisitOn: r.last_visit_on,
    }),
  );
  const last = page.at(-1);
  if (rows.length <= limit || !last) return { items };
  const nextCursor = encodeHouseholdCursor({ villageCode: last.village_code,
    householdId: last.household_id });
  return { items, nextCursor };
}

const watchRow = z.object({
  household_id: z.string(),
  village_code: z.string(),
  head_name: z.string(),
  members: z.coerce.number().int(),
  status: z.string(),
  latest_fen: fen.nullable(),
  previous_fen: fen.nullable(),
  returned_on: z.string().nullable(),
});

export interface WatchListItem {
  householdId: string;
  villageCode: string;
  headName: string;
  status: string;
  reasons: WatchReason[];
  /** Null when the household has no income record dated on or before `asOf`. */
  incomePerMemberFen: number | null;
  previousIncomePerMemberFen?: number;
}

export interface WatchListQuery {
  regionPrefixes: readonly string[];
  asOf: string;
  watchLineFen?: number;
  after?: string;
  limit?: number;
}

/**
 * Households not deregistered as of `asOf` that are on the watch list (domain `watchReasons`):
 * SQL narrows with the same integer comparisons, the domain function names the reasons. The
 * status is the one as of `asOf`; incomes and returns count when dated on or before it.
 */
export async function watchList(db: Queryable, schema: string, query: WatchListQuery) {
  const s = assertSchemaName(schema);
  const limit = Math.min(query.limit ?? WATCH_PAGE_DEFAULT, WATCH_PAGE_MAX);
  const line = query.watchLineFen ?? WATCH_LINE_FEN_DEFAULT;
  const since = yearsBefore(query.asOf, RECENT_RETURN_YEARS);
  const rows = z.array(watchRow).parse(
    await db.query(
      `SELECT r.household_id, r.village_code, r.head_name, r.members,
         COALESCE(st.status, r.status) AS status, i1.total_fen::text AS latest_fen,
         i2.total_fen::text AS previous_fen, ret.returned_on
       FROM ${s}.household_register r
       LEFT JOIN LATERAL (SELECT period, total_fen FROM ${s}.household_incomes
         WHERE household_id = r.household_id AND recorded_on <= $2
         ORDER BY period DESC LIMIT 1) i1 ON true
       LEFT JOIN LATERAL (SELECT total_fen FROM ${s}.household_incomes
         WHERE household_id = r.household_id AND recorded_on <= $2 AND period < i1.period
         ORDER BY period DESC LIMIT 1) i2 ON true
       LEFT JOIN LATERAL (SELECT max(returned_on) AS returned_on FROM ${s}.household_returns
         WHERE household_id = r.household_id AND returned_on <= $2) ret ON true
       LEFT JOIN LATERAL (SELECT status FROM ${s}.household_status_changes
         WHERE household_id = r.household_id AND changed_on <= $2
         ORDER BY changed_on DESC, global_position DESC LIMIT 1) st ON true
       WHERE r.village_code LIKE ANY($1::text[]) AND r.registered_on <= $2
         AND (r.deregistered_on IS NULL OR r.deregistered_on > $2) AND r.household_id > $5
         AND (i1.total_fen <= $3::bigint * r.members
           OR (i2.total_fen > 0 AND 10 * i1.total_fen <= 7 * i2.total_fen)
           OR ret.returned_on >= $4)
       ORDER BY r.household_id LIMIT $6`,
      [likePatterns(query.regionPrefixes), query.asOf, line, since, query.after ?? '',
        limit + 1],
    ),
  );
  const page = rows.slice(0, limit);
  const items: WatchListItem[] = page.map((r) => {
    const input = compact({
      members: r.members,
      latestIncomeFen: r.latest_fen ?? undefined,
      previousIncomeFen: r.previous_fen ?? undefined,
      lastReturnedOn: r.returned_on ?? undefined,
    });
    return compact({
      householdId: r.household_id, villageCode: r.village_code, headName: r.head_name,
      status: r.status, reasons: watchReasons(input, query.asOf, line),
      incomePerMemberFen: r.latest_fen === null ? null
        : incomePerMemberFen(r.latest_fen, r.members),
      previousIncomePerMemberFen: r.previous_fen === null ? undefined
        : incomePerMemberFen(r.previous_fen, r.members),
    });
  });
  const last = page.at(-1);
  return rows.length > limit && last ? { items, nextCursor: last.household_id } : { items };
}
