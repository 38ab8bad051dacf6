import { Readable, type Writable } from 'node:stream';
import archiver from 'archiver';
import { csvLine } from './csv';
import {
  ALLOCATION_FIELDS,
  type FiscalField,
  fiscalDescriptor,
  type FiscalPackageHead,
  PAYMENT_FIELDS,
  RECEIPT_FIELDS,
} from './fiscal-descriptor';
import type { FiscalAllocationRow, FiscalReceiptRow } from './fiscal-rows';
import { fenToYuanText } from './money-text';

/**
 * The Fiscal Data Package as a zip written while the rows are read: `datapackage.json`
 * first, then each CSV from its row source, through a fast deflate level (CSV of
 * repetitive codes compresses well even so, and the county's payments must pass in
 * seconds).
 */

export const ZIP_LEVEL = 1;
/** CSV text is handed to the zip in chunks of about this many characters. */
export const CSV_CHUNK_CHARS = 256 * 1024;

export interface FiscalPackageInput {
  head: FiscalPackageHead;
  receipts: AsyncIterable<FiscalReceiptRow>;
  allocations: AsyncIterable<FiscalAllocationRow>;
  /** Payment lines come formatted, a page of them at a time (`paymentLines`). */
  payments: AsyncIterable<string>;
}

export const receiptLine = (r: FiscalReceiptRow) => csvLine([r.fund_id, r.name, r.category,
  r.department, r.level, r.fiscal_year, r.county_code, r.received_on,
  fenToYuanText(r.amount_fen)]);

export const allocationLine = (a: FiscalAllocationRow) => csvLine([a.fund_id, a.allocation_id,
  a.fiscal_year, a.category, a.village_code, a.target_type, a.target_id, a.allocated_on,
  fenToYuanText(a.amount_fen)]);

/** The header line, then one line per row, gathered into chunks. */
export async function* csvText<Row>(
  fields: FiscalField[],
  rows: AsyncIterable<Row>,
  line: (row: Row) => string,
  chunkChars: number = CSV_CHUNK_CHARS,
): AsyncGenerator<string> {
  let chunk = csvLine(fields.map((f) => f.name));
  for await (const row of rows) {
    chunk += line(row);
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * Writes the zip to `out` and resolves once it is flushed. A client that goes away stops
 * the archive, so the row sources are no longer pulled.
 */
export async function writeFiscalPackage(out: Writable, input: FiscalPackageInput) {
  const archive = archiver('zip', { zlib: { level: ZIP_LEVEL } });
  const done = new Promise<void>((resolve, reject) => {
    archive.on('error', reject);
    out.on('error', reject);
    out.on('finish', resolve);
    out.on('close', () => {
      if (out.writableFinished) return resolve();
      archive.abort();
      reject(new Error('the client closed the connection before the export was sent'));
    });
  });
  archive.pipe(out);
  const json = `${JSON.stringify(fiscalDescriptor(input.head), null, 2)}\n`;
  archive.append(json, { name: 'datapackage.json' });
  const csv = <Row>(fields: FiscalField[], rows: AsyncIterable<Row>, line: (r: Row) => string) =>
    Readable.from(csvText(fields, rows, line), { objectMode: false });
  archive.append(csv(RECEIPT_FIELDS, input.receipts, receiptLine), { name: 'receipts.csv' });
  archive.append(csv(ALLOCATION_FIELDS, input.allocations, allocationLine), {
    name: 'allocations.csv',
  });
  archive.append(csv(PAYMENT_FIELDS, input.payments, (lines) => lines), {
    name: 'payments.csv',
  });
  await Promise.all([archive.finalize(), done]);
  return { bytes: archive.pointer() };
}
