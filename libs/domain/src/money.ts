import { z } from 'zod';
import type { CommandOf } from './command-of';
import { DisbursementRequested, FundDisbursed } from './events';
import {
  businessDate,
  entityId,
  hasUnsafeCharacters,
  MONEY_FEN_MAX,
  plainText,
  shortText,
  TEXT_LENGTH_MAX,
} from './primitives';

/**
 * SPEC §11 commands: payment batches, bank results and maker-checker approvals. Batch rows
 * are checked by hand (`checkBatchRow`), not by zod: a batch has up to 100,000 of them and
 * a schema parse per row would cost more than deciding and storing the whole batch.
 */

export const BATCH_ROWS_MAX = 100_000;
/** A batch id leaves room for `-{row}` so that default payment ids stay within 64 characters. */
export const BATCH_ID_LENGTH_MAX = 56;

export const batchId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,56}$/, `batch ids are 1-${BATCH_ID_LENGTH_MAX} letters, digits, "-" or "_"`);

/** A row of a batch after its fields were checked; `row` is its number as in the file. */
export interface BatchRow {
  row: number;
  paymentId: string;
  allocationId: string;
  householdId: string;
  amountFen: number;
  voucherNo: string;
}

/** One bad row (or cell) of a batch or bank file, as SPEC §11 answers it. */
export interface RowProblem {
  row: number;
  field?: string;
  code: string;
  message: string;
}

export const BATCH_FIELDS = [
  'allocationId',
  'householdId',
  'amountFen',
  'voucherNo',
  'paymentId',
] as const;
export type BatchField = (typeof BATCH_FIELDS)[number];

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const FEN_TEXT_PATTERN = /^\d{1,14}$/;

function problem(row: number, field: string, message: string, code = 'VALIDATION_FAILED') {
  return { row, field, code, message };
}

function checkId(row: number, field: string, value: unknown, out: RowProblem[]): string | undefined {
  if (typeof value === 'string' && ID_PATTERN.test(value)) return value;
  out.push(problem(row, field, 'ids are 1-64 letters, digits, "-" or "_"'));
  return undefined;
}

/** Amounts arrive as JSON numbers, spreadsheet numbers or digit strings (CSV, text cells). */
function checkFen(row: number, value: unknown, out: RowProblem[]): number | undefined {
  const fen =
    typeof value === 'string' && FEN_TEXT_PATTERN.test(value) ? Number(value) : value;
  if (typeof fen === 'number' && Number.isInteger(fen) && fen > 0 && fen <= MONEY_FEN_MAX) {
    return fen;
  }
  out.push(problem(row, 'amountFen', `amountFen must be an integer from 1 to ${MONEY_FEN_MAX}`));
  return undefined;
}

function checkText(row: number, field: string, value: unknown, out: RowProblem[]) {
  const text = typeof value === 'string' ? value.trim() : undefined;
  if (text && text.length <= TEXT_LENGTH_MAX && !hasUnsafeCharacters(text)) return text;
  out.push(problem(row, field, `${field} is 1-${TEXT_LENGTH_MAX} characters of plain text`));
  return undefined;
}

const isAbsent = (value: unknown) => value === undefined || value === null || value === '';

/**
 * Checks one row's fields. Missing `paymentId` becomes `{batchId}-{row}`, missing
 * `voucherNo` the payment id. Unknown fields are refused, as in every other body.
 */
export function checkBatchRow(
  fields: Readonly<Record<string, unknown>>,
  row: number,
  batch: string,
  out: RowProblem[],
): BatchRow | undefined {
  const before = out.length;
  for (const key of Object.keys(fields)) {
    if (!(BATCH_FIELDS as readonly string[]).includes(key)) {
      out.push(problem(row, key.slice(0, 64), 'unknown field'));
    }
  }
  const allocationId = checkId(row, 'allocationId', fields.allocationId, out);
  const householdId = checkId(row, 'householdId', fields.householdId, out);
  const amountFen = checkFen(row, fields.amountFen, out);
  const paymentId = isAbsent(fields.paymentId)
    ? `${batch}-${row}`
    : checkId(row, 'paymentId', fields.paymentId, out);
  const voucherNo = isAbsent(fields.voucherNo)
    ? paymentId
    : checkText(row, 'voucherNo', fields.voucherNo, out);
  if (out.length > before) return undefined;
  if (!allocationId || !householdId || !amountFen || !paymentId || !voucherNo) return undefined;
  return { row, paymentId, allocationId, householdId, amountFen, voucherNo };
}

/** The JSON body of a payment batch, as documented; rows are checked by `checkBatchRow`. */
export const PaymentBatchBody = z.strictObject({
  batchId: batchId.optional(),
  paidOn: businessDate,
  channel: shortText,
  rows: z.array(z.record(z.string(), z.unknown())).min(1).max(BATCH_ROWS_MAX),
});

/** The query of a payment batch sent as a file. */
export const PaymentBatchFileQuery = z.strictObject({
  batchId: batchId.optional(),
  paidOn: businessDate,
  channel: shortText,
});

const BatchRowData = z.strictObject({
  row: z.number().int().min(1),
  paymentId: entityId,
  allocationId: entityId,
  householdId: entityId,
  amountFen: z.number().int().positive(),
  voucherNo: shortText,
});

export const SubmitPaymentBatchData = z.strictObject({
  fundId: entityId,
  batchId,
  paidOn: businessDate,
  channel: shortText,
  fileSha256: z.string().optional(),
  contentSha256: z.string(),
  rows: z.array(BatchRowData).min(1).max(BATCH_ROWS_MAX),
});

export const BANK_RESULT_ROWS_MAX = BATCH_ROWS_MAX;
export const BANK_FIELDS = ['paymentId', 'status', 'bankRef', 'settledOn', 'reason'] as const;

export interface BankResultRow {
  row: number;
  paymentId: string;
  status: 'paid' | 'failed';
  bankRef: string;
  settledOn: string;
  reason?: string;
}

/** Checks one bank result row's fields (same rules as the batch rows). */
export function checkBankRow(
  fields: Readonly<Record<string, unknown>>,
  row: number,
  out: RowProblem[],
): BankResultRow | undefined {
  const before = out.length;
  for (const key of Object.keys(fields)) {
    if (!(BANK_FIELDS as readonly string[]).includes(key)) {
      out.push(problem(row, key.slice(0, 64), 'unknown field'));
    }
  }
  const paymentId = checkId(row, 'paymentId', fields.paymentId, out);
  const { status } = fields;
  if (status !== 'paid' && status !== 'failed') {
    out.push(problem(row, 'status', 'status is "paid" or "failed"'));
  }
  const bankRef = checkText(row, 'bankRef', fields.bankRef, out);
  const settledOn = businessDate.safeParse(fields.settledOn);
  if (!settledOn.success) out.push(problem(row, 'settledOn', 'dates are written YYYY-MM-DD'));
  const reason = isAbsent(fields.reason) ? undefined : checkText(row, 'reason', fields.reason, out);
  if (out.length > before || !paymentId || !bankRef || !settledOn.success) return undefined;
  if (status !== 'paid' && status !== 'failed') return undefined;
  return { row, paymentId, status, bankRef, settledOn: settledOn.data, ...(reason ? { reason } : {}) };
}

export const BankResultsBody = z.strictObject({
  rows: z.array(z.record(z.string(), z.unknown())).min(1).max(BANK_RESULT_ROWS_MAX),
});

const BankResultRowData = z.strictObject({
  row: z.number().int().min(1),
  paymentId: entityId,
  status: z.enum(['paid', 'failed']),
  bankRef: shortText,
  settledOn: businessDate,
  reason: shortText.optional(),
});

export const RecordBankResultsData = z.strictObject({
  fundId: entityId,
  batchId,
  rows: z.array(BankResultRowData).min(1).max(BANK_RESULT_ROWS_MAX),
});

export const RequestDisbursementData = DisbursementRequested.extend({ fundId: entityId });

/** Approving takes no fields; the body may be left out. */
export const ApproveDisbursementBody = z.strictObject({}).optional();
export const ApproveDisbursementData = z.strictObject({
  fundId: entityId,
  disbursementId: entityId,
  approvedBy: plainText.min(1).max(200),
});

export const RejectDisbursementBody = z.strictObject({
  reason: shortText,
  rejectedOn: businessDate.optional(),
});
export const RejectDisbursementData = z.strictObject({
  fundId: entityId,
  disbursementId: entityId,
  rejectedBy: plainText.min(1).max(200),
  reason: shortText,
  rejectedOn: businessDate,
});

/** The disbursement body is FundDisbursed's; the route decides whether it needs approval. */
export const RequestDisbursementBody = FundDisbursed.extend({ disbursementId: entityId.optional() });

export type SubmitPaymentBatch = CommandOf<'SubmitPaymentBatch', typeof SubmitPaymentBatchData>;
export type RecordBankResults = CommandOf<'RecordBankResults', typeof RecordBankResultsData>;
export type RequestDisbursement = CommandOf<'RequestDisbursement', typeof RequestDisbursementData>;
export type ApproveDisbursement = CommandOf<'ApproveDisbursement', typeof ApproveDisbursementData>;
export type RejectDisbursement = CommandOf<'RejectDisbursement', typeof RejectDisbursementData>;

export type MoneyCommand =
  | SubmitPaymentBatch
  | RecordBankResults
  | RequestDisbursement
  | ApproveDisbursement
  | RejectDisbursement;
