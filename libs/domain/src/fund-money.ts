import type { EventData, EventOf } from './events';
import { DomainError, notFound } from './errors';
import type { IdSet } from './id-set';
import { omitKey } from './omit';
import type {
  ApproveDisbursement,
  BankResultRow,
  BatchRow,
  RecordBankResults,
  RejectDisbursement,
  RowProblem,
  SubmitPaymentBatch,
} from './money';

/**
 * The money workflows of SPEC §11 on a fund: payment batches, bank results and approvals.
 * Pure functions over the fund's folded state; `fund-decider.ts` dispatches to them.
 */

export type MoneyEvent = EventOf<
  | 'PaymentBatchSubmitted'
  | 'HouseholdPaymentConfirmed'
  | 'HouseholdPaymentFailed'
  | 'DisbursementRequested'
  | 'DisbursementRejected'
>;

/** A payment of a batch: what a bank result needs to know about it. */
export interface BatchPayment {
  allocationId: string;
  amountFen: number;
  paidOn: string;
}

export interface BatchState {
  batchId: string;
  rows: number;
  totalFen: number;
  paidOn: string;
  channel: string;
  contentSha256: string;
  /** The stream version after the batch's last row: what a repeated submission answers. */
  versionAfter: number;
  /** Filled while the batch's rows are folded, never changed afterwards. */
  payments: Map<string, BatchPayment>;
  /** Payment ids with a bank result. */
  settled: IdSet;
  confirmed: number;
  failed: number;
}

export type PendingDisbursement = EventData<'DisbursementRequested'>;

/** What the money workflows read of a fund's state. */
export interface MoneyView {
  allocations: readonly {
    allocationId: string;
    remainingFen: number;
    allocatedOn: string;
  }[];
  movementIds: IdSet;
  batches: ReadonlyMap<string, BatchState>;
  pendingDisbursements: ReadonlyMap<string, PendingDisbursement>;
}

const INSUFFICIENT = 'INSUFFICIENT_FUNDS';

/**
 * Every row that cannot be paid from the fund as it stands: unknown allocation, a date
 * before the allocation, a payment id used before or twice in the batch, and each row that
 * takes its allocation's running total past the remainder.
 */
export function batchRowProblems(
  fund: MoneyView,
  rows: readonly BatchRow[],
  paidOn: string,
): RowProblem[] {
  const problems: RowProblem[] = [];
  const allocations = new Map(fund.allocations.map((a) => [a.allocationId, a] as const));
  const spentFen = new Map<string, number>();
  const seen = new Set<string>();
  for (const r of rows) {
    const allocation = allocations.get(r.allocationId);
    if (!allocation) {
      problems.push({ row: r.row, field: 'allocationId', code: 'NOT_FOUND',
        message: `allocation ${r.allocationId} does not exist` });
      continue;
    }
    if (fund.movementIds.has(`payment:${r.paymentId}`) || seen.has(r.paymentId)) {
      problems.push({ row: r.row, field: 'paymentId', code: 'ALREADY_EXISTS',
        message: `payment ${r.paymentId} already exists` });
    }
    seen.add(r.paymentId);
    if (paidOn < allocation.allocatedOn) {
      problems.push({ row: r.row, field: 'paidOn', code: 'VALIDATION_FAILED',
        message: `paidOn ${paidOn} is before the allocation (${allocation.allocatedOn})` });
    }
    const total = (spentFen.get(r.allocationId) ?? 0) + r.amountFen;
    spentFen.set(r.allocationId, total);
    if (total > allocation.remainingFen) {
      problems.push({ row: r.row, field: 'amountFen', code: INSUFFICIENT,
        message: `allocation ${r.allocationId} has ${allocation.remainingFen} fen left, ` +
          `the batch takes ${total} fen up to this row` });
    }
  }
  return problems;
}

/** The 422 of a batch or bank file: every bad row, in row order. */
export function rowsRefused(problems: RowProblem[]): DomainError {
  const sorted = [...problems].sort((a, b) => a.row - b.row);
  const onlyFunds = sorted.every((p) => p.code === INSUFFICIENT);
  const rows = new Set(sorted.map((p) => p.row)).size;
  return new DomainError(
    onlyFunds ? INSUFFICIENT : 'INVALID_ROWS',
    `${rows} row(s) cannot be accepted; nothing was recorded`,
    sorted.map((p) => ({ ...p, ...(p.field ? { path: p.field } : {}) })),
  );
}

export function submitBatch(command: SubmitPaymentBatch, fund: MoneyView): EventOf<
  'PaymentBatchSubmitted' | 'HouseholdPaid'
>[] {
  const d = command.data;
  const existing = fund.batches.get(d.batchId);
  if (existing) {
    if (existing.contentSha256 === d.contentSha256) return [];
    throw new DomainError('ALREADY_EXISTS', `batch ${d.batchId} exists with other content`);
  }
  const problems = batchRowProblems(fund, d.rows, d.paidOn);
  if (problems.length > 0) throw rowsRefused(problems);
  let totalFen = 0;
  const payments: EventOf<'HouseholdPaid'>[] = new Array(d.rows.length);
  for (const [index, r] of d.rows.entries()) {
    totalFen += r.amountFen;
    payments[index] = {
      type: 'HouseholdPaid',
      data: {
        paymentId: r.paymentId,
        allocationId: r.allocationId,
        householdId: r.householdId,
        amountFen: r.amountFen,
        paidOn: d.paidOn,
        channel: d.channel,
        voucherNo: r.voucherNo,
        batchId: d.batchId,
      },
    };
  }
  const header: EventOf<'PaymentBatchSubmitted'> = {
    type: 'PaymentBatchSubmitted',
    data: {
      batchId: d.batchId,
      rows: d.rows.length,
      totalFen,
      paidOn: d.paidOn,
      channel: d.channel,
      ...(d.fileSha256 ? { fileSha256: d.fileSha256 } : {}),
      contentSha256: d.contentSha256,
    },
  };
  return [header, ...payments];
}

function bankRowProblems(batch: BatchState, rows: readonly BankResultRow[]): RowProblem[] {
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const payment = batch.payments.get(r.paymentId);
    if (!payment) {
      problems.push({ row: r.row, field: 'paymentId', code: 'UNKNOWN_PAYMENT',
        message: `payment ${r.paymentId} is not in batch ${batch.batchId}` });
      continue;
    }
    if (batch.settled.has(r.paymentId) || seen.has(r.paymentId)) {
      problems.push({ row: r.row, field: 'paymentId', code: 'ALREADY_SETTLED',
        message: `payment ${r.paymentId} has a bank result already` });
    }
    seen.add(r.paymentId);
    if (r.settledOn < payment.paidOn) {
      problems.push({ row: r.row, field: 'settledOn', code: 'VALIDATION_FAILED',
        message: `settledOn ${r.settledOn} is before paidOn ${payment.paidOn}` });
    }
  }
  return problems;
}

/** The reason recorded for a failed payment when the bank file gives none. */
export const BANK_FAILURE_REASON_DEFAULT = 'returned by the bank';

export function recordBankResults(command: RecordBankResults, fund: MoneyView): MoneyEvent[] {
  const { batchId, rows } = command.data;
  const batch = fund.batches.get(batchId);
  if (!batch) throw notFound('payment batch', batchId);
  const problems = bankRowProblems(batch, rows);
  if (problems.length > 0) throw rowsRefused(problems);
  return rows.map((r): MoneyEvent => {
    const payment = batch.payments.get(r.paymentId) as BatchPayment;
    const base = {
      paymentId: r.paymentId,
      batchId,
      allocationId: payment.allocationId,
      amountFen: payment.amountFen,
      bankRef: r.bankRef,
      settledOn: r.settledOn,
    };
    if (r.status === 'paid') return { type: 'HouseholdPaymentConfirmed', data: base };
    const reason = r.reason ?? BANK_FAILURE_REASON_DEFAULT;
    return { type: 'HouseholdPaymentFailed', data: { ...base, reason } };
  });
}

function pendingOf(fund: MoneyView, disbursementId: string): PendingDisbursement {
  const pending = fund.pendingDisbursements.get(disbursementId);
  if (pending) return pending;
  if (fund.movementIds.has(`disbursement:${disbursementId}`)) {
    throw new DomainError('INVALID_STATE', `disbursement ${disbursementId} is decided already`);
  }
  throw notFound('disbursement', disbursementId);
}

/** The checker appends the requested disbursement; the maker may not check their own. */
export function approve(
  command: ApproveDisbursement,
  fund: MoneyView,
): EventOf<'FundDisbursed'>[] {
  const pending = pendingOf(fund, command.data.disbursementId);
  if (pending.requestedBy === command.data.approvedBy) {
    throw new DomainError('SAME_USER', 'the requester of a disbursement may not approve it');
  }
  return [{ type: 'FundDisbursed', data: omitKey(pending, 'requestedBy') }];
}

export function reject(
  command: RejectDisbursement,
  fund: MoneyView,
): EventOf<'DisbursementRejected'>[] {
  const d = command.data;
  const pending = pendingOf(fund, d.disbursementId);
  return [
    {
      type: 'DisbursementRejected',
      data: {
        disbursementId: d.disbursementId,
        allocationId: pending.allocationId,
        amountFen: pending.amountFen,
        rejectedBy: d.rejectedBy,
        reason: d.reason,
        rejectedOn: d.rejectedOn,
      },
    },
  ];
}
