import { createHash } from 'node:crypto';
import {
  BATCH_ROWS_MAX,
  type BankResultRow,
  type BatchRow,
  checkBankRow,
  checkBatchRow,
  DomainError,
  PaymentBatchFileQuery,
  PaymentBatchBody,
  type RowProblem,
} from '@sunshine/domain';
import { parseBody, parseQueryParams, type Upload, uploadJson } from '@sunshine/platform';
import { z } from 'zod';
import { type FileRow, fileRows, headerFields, normaliseHeader, rowFields } from './tabular';

/**
 * A payment batch or a bank result file as rows checked field by field, whatever the body
 * was: JSON (first row = 1) or a CSV/XLSX file (header = row 1). Bad rows are collected,
 * not thrown, so that the answer can name every one of them.
 */

/** Column names of the batch template (English, or the Chinese of the template). */
export const BATCH_COLUMNS = [
  { field: 'allocationId', zh: '分配编号' },
  { field: 'householdId', zh: '户编号' },
  { field: 'amountFen', zh: '金额(分)' },
  { field: 'voucherNo', zh: '凭证号' },
  { field: 'paymentId', zh: '支付编号' },
] as const;

export const BANK_COLUMNS = [
  { field: 'paymentId', zh: '支付编号' },
  { field: 'status', zh: '状态' },
  { field: 'bankRef', zh: '银行流水号' },
  { field: 'settledOn', zh: '结算日期' },
  { field: 'reason', zh: '原因' },
] as const;

function aliases(columns: readonly { field: string; zh: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { field, zh } of columns) {
    out[normaliseHeader(field)] = field;
    out[normaliseHeader(zh)] = field;
  }
  return out;
}

const BATCH_ALIASES = aliases(BATCH_COLUMNS);
const BANK_ALIASES = aliases(BANK_COLUMNS);

export interface BatchHeader {
  batchId: string;
  paidOn: string;
  channel: string;
  fileSha256?: string;
}

export interface CheckedRows<Row> {
  rows: Row[];
  problems: RowProblem[];
}

const tooMany = (row: number): RowProblem => ({
  row,
  code: 'TOO_MANY_ROWS',
  message: `at most ${BATCH_ROWS_MAX} rows; nothing after this row was read`,
});

const JsonBatchHeader = PaymentBatchBody.omit({ rows: true });
/** Hex digits of the file's SHA-256 in the batch id of a file sent without one. */
const FILE_BATCH_ID_HEX = 32;

/** The rows of a JSON body: an array of 1 to BATCH_ROWS_MAX objects. */
function jsonRows(body: Record<string, unknown>): unknown[] {
  const { rows } = body;
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new DomainError('VALIDATION_FAILED', 'the request is not valid', [
      { path: 'rows', message: 'rows is a list of 1 or more rows' },
    ]);
  }
  return rows;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function checkJsonRows<Row>(
  rows: unknown[],
  check: (fields: Record<string, unknown>, row: number, out: RowProblem[]) => Row | undefined,
): CheckedRows<Row> {
  const checked: CheckedRows<Row> = { rows: [], problems: [] };
  const count = Math.min(rows.length, BATCH_ROWS_MAX);
  for (let index = 0; index < count; index += 1) {
    const fields = asRecord(rows[index]);
    if (!fields) {
      checked.problems.push({ row: index + 1, code: 'VALIDATION_FAILED', message: 'a row is an object' });
      continue;
    }
    const row = check(fields, index + 1, checked.problems);
    if (row) checked.rows.push(row);
  }
  if (rows.length > BATCH_ROWS_MAX) checked.problems.push(tooMany(BATCH_ROWS_MAX + 1));
  return checked;
}

async function checkFileRows<Row>(
  source: AsyncGenerator<FileRow>,
  columns: { aliases: Record<string, string>; required: readonly string[] },
  check: (fields: Record<string, unknown>, row: number, out: RowProblem[]) => Row | undefined,
): Promise<CheckedRows<Row>> {
  const checked: CheckedRows<Row> = { rows: [], problems: [] };
  let fields: (string | undefined)[] | undefined;
  let count = 0;
  let lastRow = 1;
  for await (const line of source) {
    lastRow = line.row;
    if (!fields) {
      fields = headerFields(line, columns.aliases, columns.required, checked.problems);
      continue;
    }
    if (line.cells.every((cell) => cell === undefined)) continue;
    count += 1;
    if (count > BATCH_ROWS_MAX) {
      checked.problems.push(tooMany(line.row));
      await source.return(undefined);
      break;
    }
    const named = rowFields(line, fields, checked.problems);
    const row = named && check(named, line.row, checked.problems);
    if (row) checked.rows.push(row);
  }
  if (count === 0) {
    checked.problems.push({ row: lastRow + 1, code: 'NO_ROWS', message: 'the file has no rows' });
  }
  return checked;
}

/** SHA-256 over the batch's normalised content: what "the same batch" means. */
export function batchContentSha256(header: Omit<BatchHeader, 'fileSha256'>, rows: BatchRow[]) {
  const hash = createHash('sha256').update(JSON.stringify([header.batchId, header.paidOn,
    header.channel]));
  for (const r of rows) {
    hash.update(`\n${r.row}\t${r.paymentId}\t${r.allocationId}\t${r.householdId}\t` +
      `${r.amountFen}\t${r.voucherNo}`);
  }
  return hash.digest('hex');
}

export async function readPaymentBatch(
  upload: Upload,
  query: unknown,
  generateId: () => string,
): Promise<{ header: BatchHeader } & CheckedRows<BatchRow>> {
  if (upload.kind === 'json') {
    const body = asRecord(uploadJson(upload));
    if (!body) throw new DomainError('VALIDATION_FAILED', 'the body is a JSON object');
    const headerPart = { ...body };
    delete headerPart.rows;
    const parsed = parseBody(JsonBatchHeader, headerPart);
    const header = { ...parsed, batchId: parsed.batchId ?? generateId() };
    const checked = checkJsonRows(jsonRows(body), (fields, row, out) =>
      checkBatchRow(fields, row, header.batchId, out));
    return { header, ...checked };
  }
  const parsed = parseQueryParams(PaymentBatchFileQuery, query);
  // A file sent twice without a batchId is the same batch: its id comes from its bytes.
  const batchId = parsed.batchId ?? `file-${upload.sha256.slice(0, FILE_BATCH_ID_HEX)}`;
  const header = { ...parsed, batchId, fileSha256: upload.sha256 };
  const required = ['allocationId', 'householdId', 'amountFen'];
  const checked = await checkFileRows(fileRows(upload), { aliases: BATCH_ALIASES, required },
    (fields, row, out) => checkBatchRow(fields, row, header.batchId, out));
  return { header, ...checked };
}

const STATUS_ALIASES: Readonly<Record<string, string>> = { 成功: 'paid', 失败: 'failed' };

function withStatusAliases(fields: Record<string, unknown>): Record<string, unknown> {
  const { status } = fields;
  if (typeof status !== 'string') return fields;
  return { ...fields, status: STATUS_ALIASES[status] ?? status.toLowerCase() };
}

const NoQuery = z.strictObject({});

export async function readBankResults(
  upload: Upload,
  query: unknown,
): Promise<CheckedRows<BankResultRow>> {
  const check = (fields: Record<string, unknown>, row: number, out: RowProblem[]) =>
    checkBankRow(withStatusAliases(fields), row, out);
  parseQueryParams(NoQuery, query);
  if (upload.kind === 'json') {
    const body = asRecord(uploadJson(upload));
    if (!body) throw new DomainError('VALIDATION_FAILED', 'the body is a JSON object');
    parseBody(z.strictObject({ rows: z.unknown() }), body);
    return checkJsonRows(jsonRows(body), check);
  }
  if (upload.kind !== 'csv') {
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'bank results are JSON or CSV');
  }
  const required = ['paymentId', 'status', 'bankRef', 'settledOn'];
  return checkFileRows(fileRows(upload), { aliases: BANK_ALIASES, required }, check);
}
