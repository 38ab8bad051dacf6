import { z } from 'zod';
import { maskName } from '../mask';
import { assertSchemaName, type Queryable } from '../schema';
import { csvField } from './csv';
import { csvFieldSql, yuanSql } from './csv-sql';
import { cursorPages, cursorRows, type ExportSession } from './snapshot';

/**
 * Public money rows of a region for the Fiscal Data Package: receipts, allocations and
 * payments, read through cursors of one snapshot. Household ids never leave the database: a
 * household payment carries only the masked name the read model keeps.
 */

const fen = z.union([z.string(), z.number()]).transform((value) => BigInt(value));
const year = z.coerce.number().int();

export interface FiscalFilter {
  regionCode: string;
  /** Funds of this fiscal year only; every year when absent. */
  fiscalYear?: number;
}

const params = (f: FiscalFilter) => [f.regionCode, f.fiscalYear ?? null];

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
export function receiptRows(session: ExportSession, schema: string, f: FiscalFilter) {
  const s = assertSchemaName(schema);
  return cursorRows(session, 'receipts',
    `SELECT fund_id, name, category, department, level, fiscal_year, county_code,
       received_on, amount_fen::text AS amount_fen
     FROM ${s}.funds
     WHERE county_code LIKE $1 || '%' AND ($2::integer IS NULL OR fiscal_year = $2)
     ORDER BY fund_id`,
    params(f), (rows) => z.array(receiptRow).parse(rows));
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

export function allocationRows(session: ExportSession, schema: string, f: FiscalFilter) {
  const s = assertSchemaName(schema);
  return cursorRows(session, 'allocations',
    `SELECT a.fund_id, a.allocation_id, f.fiscal_year, f.category, a.village_code,
       a.target_type, a.target_id, a.allocated_on, a.amount_fen::text AS amount_fen
     FROM ${s}.allocations a JOIN ${s}.funds f ON f.fund_id = a.fund_id
     WHERE a.village_code LIKE $1 || '%' AND ($2::integer IS NULL OR f.fiscal_year = $2)
     ORDER BY a.fund_id, a.allocation_id`,
    params(f), (rows) => z.array(allocationRow).parse(rows));
}

/**
 * The parts of a payment's CSV line: everything but the payee comes formatted from the
 * server; a contractor's name comes raw, to be masked here like a household's (a
 * contractor may be a person).
 */
const paymentLineRow = z.object({
  head: z.string(),
  payee: z.string().nullable(),
  contractor_name: z.string().nullable(),
  tail: z.string(),
});

const PAYMENT_KINDS = `CASE m.kind WHEN 'payment' THEN 'household_payment' ELSE m.kind END`;
const PAYEE_TYPE = `CASE m.kind WHEN 'payment' THEN 'household' ELSE m.payee_type END`;

/**
 * Household payments and disbursements attributed to the region (the allocation's village)
 * as CSV text in the columns of PAYMENT_FIELDS, a page of lines at a time. They come in no
 * particular order: sorting a county's payments would cost more than reading them (whoever
 * loads the file sorts it; its primary key says what identifies a row).
 */
export async function* paymentLines(
  session: ExportSession,
  schema: string,
  f: FiscalFilter,
): AsyncGenerator<string> {
  const s = assertSchemaName(schema);
  // Ids (SPEC §3: letters, digits, '-', '_'), codes, years and the two enumerations never
  // need quoting; the category is free text and goes through the CSV quoting.
  const head = ['m.movement_id', PAYMENT_KINDS, 'm.fund_id', "COALESCE(m.allocation_id, '')",
    'm.fiscal_year::text', csvFieldSql('m.category'), 'm.region_code',
    `COALESCE(${PAYEE_TYPE}, '')`].join(` || ',' || `);
  const pages = cursorPages(session, 'payments',
    `SELECT ${head} || ',' AS head,
       CASE WHEN m.kind = 'payment' THEN ${csvFieldSql("COALESCE(h.masked_name, '*')")}
         WHEN m.payee_type = 'contractor' THEN NULL
         ELSE ${csvFieldSql('m.payee_id')} END AS payee,
       CASE WHEN m.payee_type = 'contractor' THEN (SELECT t.detail -> 'payee' ->> 'name'
         FROM ${s}.timeline t WHERE t.event_id = m.event_id LIMIT 1) END AS contractor_name,
       ',' || m.business_date || ',' || ${yuanSql('m.amount_fen')} || chr(13) || chr(10) AS tail
     FROM ${s}.money_movements m
     LEFT JOIN ${s}.households h ON h.household_id = m.household_id
     WHERE m.kind IN ('payment', 'disbursement') AND m.region_code LIKE $1 || '%'
       AND ($2::integer IS NULL OR m.fiscal_year = $2)`,
    params(f), (page) => z.array(paymentLineRow).parse(page));
  for await (const page of pages) {
    let text = '';
    for (const row of page) {
      const payee = row.payee ?? csvField(maskName(row.contractor_name ?? ''));
      text += `${row.head}${payee}${row.tail}`;
    }
    yield text;
  }
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
      params(f),
    ),
  );
  return row ?? { receipts: 0, allocations: 0, payments: 0 };
}
