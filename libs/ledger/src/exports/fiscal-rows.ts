import { z } from 'zod';
import { maskName } from '../mask';
import { assertSchemaName, type Queryable } from '../schema';
import { keysetRows } from './paged';

/**
 * Public money rows of a region for the Fiscal Data Package: receipts, allocations and
 * payments. Household ids never leave the database: a household payment carries only the
 * masked name the read model keeps.
 */

const fen = z.union([z.string(), z.number()]).transform((value) => BigInt(value));
const year = z.coerce.number().int();

export interface FiscalFilter {
  regionCode: string;
  /** Funds of this fiscal year only; every year when absent. */
  fiscalYear?: number;
}

const receiptRow = z.object({
  fund_id: z.string(),
  name: z.string(),
  category: z.string(),
  department: z.string(),
  level: z.string(),
  fiscal_year: year,
  county_code: z.string(),
  received_on: z.string(),
  amount_fen: fen,
});
export type FiscalReceiptRow = z.infer<typeof receiptRow>;

/** Receipts count where the fund's county lies in the region (SPEC §6). */
export function receiptRows(db: Queryable, schema: string, f: FiscalFilter) {
  const s = assertSchemaName(schema);
  const page = async (after: string | undefined, limit: number) =>
    z.array(receiptRow).parse(
      await db.query(
        `SELECT fund_id, name, category, department, level, fiscal_year, county_code,
           received_on, amount_fen::text AS amount_fen
         FROM ${s}.funds
         WHERE county_code LIKE $1 || '%' AND ($2::integer IS NULL OR fiscal_year = $2)
           AND ($3::text IS NULL OR fund_id > $3)
         ORDER BY fund_id LIMIT $4`,
        [f.regionCode, f.fiscalYear ?? null, after ?? null, limit],
      ),
    );
  return keysetRows(page, (row) => row.fund_id);
}

const allocationRow = z.object({
  fund_id: z.string(),
  allocation_id: z.string(),
  fiscal_year: year,
  category: z.string(),
  village_code: z.string(),
  target_type: z.string(),
  target_id: z.string(),
  allocated_on: z.string(),
  amount_fen: fen,
});
export type FiscalAllocationRow = z.infer<typeof allocationRow>;

export function allocationRows(db: Queryable, schema: string, f: FiscalFilter) {
  const s = assertSchemaName(schema);
  type Key = [string, string];
  const page = async (after: Key | undefined, limit: number) =>
    z.array(allocationRow).parse(
      await db.query(
        `SELECT a.fund_id, a.allocation_id, f.fiscal_year, f.category, a.village_code,
           a.target_type, a.target_id, a.allocated_on, a.amount_fen::text AS amount_fen
         FROM ${s}.allocations a JOIN ${s}.funds f ON f.fund_id = a.fund_id
         WHERE a.village_code LIKE $1 || '%' AND ($2::integer IS NULL OR f.fiscal_year = $2)
           AND ($3::text IS NULL OR (a.fund_id, a.allocation_id) > ($3, $4))
         ORDER BY a.fund_id, a.allocation_id LIMIT $5`,
        [f.regionCode, f.fiscalYear ?? null, after?.[0] ?? null, after?.[1] ?? '', limit],
      ),
    );
  return keysetRows(page, (row): Key => [row.fund_id, row.allocation_id]);
}

const paymentRow = z.object({
  event_id: z.string(),
  movement_id: z.string(),
  kind: z.enum(['payment', 'disbursement']),
  business_date: z.string(),
  amount_fen: fen,
  fund_id: z.string(),
  allocation_id: z.string().nullable(),
  fiscal_year: year,
  category: z.string(),
  region_code: z.string(),
  payee_type: z.string().nullable(),
  payee_id: z.string().nullable(),
  masked_name: z.string().nullable(),
  payee_name: z.string().nullable(),
});

export interface FiscalPaymentRow {
  paymentId: string;
  kind: 'payment' | 'disbursement';
  paidOn: string;
  amountFen: bigint;
  fundId: string;
  allocationId: string | null;
  fiscalYear: number;
  category: string;
  villageCode: string;
  payeeType: string;
  /** A masked name for a household or a contractor; the id of a project or village. */
  payee: string;
}

function publicPayee(row: z.infer<typeof paymentRow>): { payeeType: string; payee: string } {
  if (row.kind === 'payment') return { payeeType: 'household', payee: row.masked_name ?? '*' };
  const type = row.payee_type ?? 'unknown';
  // A contractor may be a person, so its name is masked like a household's.
  if (type === 'contractor') return { payeeType: type, payee: maskName(row.payee_name ?? '') };
  return { payeeType: type, payee: row.payee_id ?? '' };
}

/** Household payments and disbursements attributed to the region (the allocation's village). */
export function paymentRows(db: Queryable, schema: string, f: FiscalFilter) {
  const s = assertSchemaName(schema);
  const page = async (after: string | undefined, limit: number) =>
    z.array(paymentRow).parse(
      await db.query(
        `SELECT m.event_id, m.movement_id, m.kind, m.business_date,
           m.amount_fen::text AS amount_fen, m.fund_id, m.allocation_id, m.fiscal_year,
           m.category, m.region_code, m.payee_type, m.payee_id, h.masked_name,
           CASE WHEN m.kind = 'disbursement' THEN (SELECT t.detail -> 'payee' ->> 'name'
             FROM ${s}.timeline t WHERE t.event_id = m.event_id LIMIT 1) END AS payee_name
         FROM ${s}.money_movements m
         LEFT JOIN ${s}.households h ON h.household_id = m.household_id
         WHERE m.kind IN ('payment', 'disbursement') AND m.region_code LIKE $1 || '%'
           AND ($2::integer IS NULL OR m.fiscal_year = $2)
           AND ($3::text IS NULL OR m.event_id > $3)
         ORDER BY m.event_id LIMIT $4`,
        [f.regionCode, f.fiscalYear ?? null, after ?? null, limit],
      ),
    );
  return mapRows(keysetRows(page, (row) => row.event_id), (row) => ({
    paymentId: row.movement_id,
    kind: row.kind,
    paidOn: row.business_date,
    amountFen: row.amount_fen,
    fundId: row.fund_id,
    allocationId: row.allocation_id,
    fiscalYear: row.fiscal_year,
    category: row.category,
    villageCode: row.region_code,
    ...publicPayee(row),
  }));
}

async function* mapRows<From, To>(rows: AsyncIterable<From>, map: (row: From) => To) {
  for await (const row of rows) yield map(row);
}

const countRow = z.object({ receipts: year, allocations: year, payments: year });

/** Rows each resource will hold, checked against the limits before anything is sent. */
export async function countFiscalRows(db: Queryable, schema: string, f: FiscalFilter) {
  const s = assertSchemaName(schema);
  const [row] = z.array(countRow).parse(
    await db.query(
      `SELECT
         (SELECT count(*) FROM ${s}.funds WHERE county_code LIKE $1 || '%'
           AND ($2::integer IS NULL OR fiscal_year = $2)) AS receipts,
         (SELECT count(*) FROM ${s}.allocations a JOIN ${s}.funds f USING (fund_id)
           WHERE a.village_code LIKE $1 || '%'
           AND ($2::integer IS NULL OR f.fiscal_year = $2)) AS allocations,
         (SELECT count(*) FROM ${s}.money_movements WHERE kind IN ('payment', 'disbursement')
           AND region_code LIKE $1 || '%'
           AND ($2::integer IS NULL OR fiscal_year = $2)) AS payments`,
      [f.regionCode, f.fiscalYear ?? null],
    ),
  );
  return row ?? { receipts: 0, allocations: 0, payments: 0 };
}
