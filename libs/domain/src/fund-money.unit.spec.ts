import { DomainError } from './errors';
import { fundDecider, type FundEvent, type FundState } from './fund-decider';
import type { FundCommand } from './fund';
import type { BatchRow } from './money';
import { decodeState, encodeState } from './state-codec';
import { deciderSpec, foldEvents } from './testing/decider-spec';
import { fundAllocated, fundDisbursed, fundReceived } from './testing/fixtures';

const fundId = 'f1';
const SHA = 'a'.repeat(64);
const OTHER_SHA = 'b'.repeat(64);
const setUp: FundEvent[] = [fundReceived(), fundAllocated({ amountFen: 400_000 })];
const given = (events: FundEvent[]) => deciderSpec(fundDecider, events);

const row = (n: number, amountFen: number, over: Partial<BatchRow> = {}): BatchRow => ({
  row: n,
  paymentId: `b1-${n}`,
  allocationId: 'a1',
  householdId: `h${n}`,
  amountFen,
  voucherNo: `v${n}`,
  ...over,
});

const submit = (rows: BatchRow[], contentSha256 = SHA): FundCommand => ({
  type: 'SubmitPaymentBatch',
  data: { fundId, batchId: 'b1', paidOn: '2024-03-05', channel: 'bank', contentSha256, rows },
});

function batchEvents(rows: BatchRow[]): FundEvent[] {
  const state = foldEvents(fundDecider, setUp);
  return fundDecider.decide(submit(rows), state);
}

function refusal(events: FundEvent[], command: FundCommand): DomainError {
  const state = foldEvents(fundDecider, events);
  try {
    fundDecider.decide(command, state);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('the command was accepted');
}

function received(state: FundState) {
  if (state.status !== 'received') throw new Error('expected a received fund');
  return state;
}

describe('a fund with an allocation of 400,000 fen', () => {
  it('records a batch header then one payment per row', () =>
    given(setUp)
      .when(submit([row(1, 100_000), row(2, 300_000)]))
      .then([
        {
          type: 'PaymentBatchSubmitted',
          data: { batchId: 'b1', rows: 2, totalFen: 400_000, paidOn: '2024-03-05',
            channel: 'bank', contentSha256: SHA },
        },
        ...[row(1, 100_000), row(2, 300_000)].map((r): FundEvent => ({
          type: 'HouseholdPaid',
          data: { paymentId: r.paymentId, allocationId: 'a1', householdId: r.householdId,
            amountFen: r.amountFen, paidOn: '2024-03-05', channel: 'bank',
            voucherNo: r.voucherNo, batchId: 'b1' },
        })),
      ]));

  it('refuses a batch that overdraws by one fen, naming the overdrawing row only', () => {
    const error = refusal(setUp, submit([row(1, 100_000), row(2, 300_001)]));
    expect(error.code).toBe('INSUFFICIENT_FUNDS');
    expect(error.details.map((d) => d.row)).toEqual([2]);
  });

  it('names every row of an unknown allocation and every reused payment id', () => {
    const rows = [row(1, 10), row(2, 10, { allocationId: 'nope' }), row(3, 10, { paymentId: 'b1-1' })];
    const error = refusal(setUp, submit(rows));
    expect(error.code).toBe('INVALID_ROWS');
    expect(error.details.map((d) => [d.row, d.code])).toEqual([
      [2, 'NOT_FOUND'],
      [3, 'ALREADY_EXISTS'],
    ]);
  });
});

describe('a fund with batch b1 of two rows', () => {
  const rows = [row(1, 100_000), row(2, 300_000)];
  const withBatch = [...setUp, ...batchEvents(rows)];

  it('answers the same batch again with no events', () =>
    given(withBatch).when(submit(rows)).then([]));

  it('refuses the same batch id with other content', () =>
    given(withBatch).when(submit(rows, OTHER_SHA)).thenThrows('ALREADY_EXISTS'));

  it('knows the batch version and its pending payments', () => {
    const batch = received(foldEvents(fundDecider, withBatch)).batches.get('b1');
    expect(batch && [batch.versionAfter, batch.payments.size, batch.confirmed]).toEqual([5, 2, 0]);
  });

  const results = (
    list: { paymentId: string; status: 'paid' | 'failed'; settledOn?: string }[],
  ): FundCommand => ({
    type: 'RecordBankResults',
    data: {
      fundId,
      batchId: 'b1',
      rows: list.map((r, i) => ({ row: i + 2, bankRef: `r${i}`, settledOn: '2024-03-10', ...r })),
    },
  });

  it('confirms one payment and fails the other, giving its amount back', () => {
    const events = fundDecider.decide(
      results([{ paymentId: 'b1-1', status: 'paid' }, { paymentId: 'b1-2', status: 'failed' }]),
      foldEvents(fundDecider, withBatch),
    );
    expect(events.map((e) => e.type)).toEqual([
      'HouseholdPaymentConfirmed',
      'HouseholdPaymentFailed',
    ]);
    const after = received(foldEvents(fundDecider, [...withBatch, ...events]));
    expect(after.allocations[0]?.remainingFen).toBe(300_000);
    expect(after.disbursedFen).toBe(100_000);
    const batch = after.batches.get('b1');
    expect(batch && [batch.confirmed, batch.failed]).toEqual([1, 1]);
  });

  it('refuses an unknown payment and a second result for one payment', () => {
    const first = fundDecider.decide(
      results([{ paymentId: 'b1-1', status: 'paid' }]),
      foldEvents(fundDecider, withBatch),
    );
    const error = refusal(
      [...withBatch, ...first],
      results([{ paymentId: 'b1-1', status: 'failed' }, { paymentId: 'zz', status: 'paid' }]),
    );
    expect(error.details.map((d) => [d.row, d.code])).toEqual([
      [2, 'ALREADY_SETTLED'],
      [3, 'UNKNOWN_PAYMENT'],
    ]);
  });

  it('refuses a result settled before the payment date', () => {
    const error = refusal(withBatch, results([{ paymentId: 'b1-1', status: 'paid',
      settledOn: '2024-03-04' }]));
    expect(error.details[0]?.field).toBe('settledOn');
  });

  it('keeps batches in a snapshot', () => {
    const state = received(foldEvents(fundDecider, withBatch));
    const decoded = received(decodeState(encodeState(state)) as FundState);
    expect(decoded.batches.get('b1')?.payments.get('b1-2')?.amountFen).toBe(300_000);
    expect(decoded.batches.get('b1')?.settled.size).toBe(0);
  });
});

describe('a disbursement requested for approval', () => {
  const requested: FundEvent = {
    type: 'DisbursementRequested',
    data: { ...fundDisbursed({ amountFen: 300_000 }).data, requestedBy: 'maker' },
  };
  const pending = [...setUp, requested];
  const approve = (approvedBy: string): FundCommand => ({
    type: 'ApproveDisbursement',
    data: { fundId, disbursementId: 'd1', approvedBy },
  });
  const rejectIt: FundCommand = {
    type: 'RejectDisbursement',
    data: { fundId, disbursementId: 'd1', rejectedBy: 'checker', reason: 'no contract',
      rejectedOn: '2024-03-02' },
  };

  it('reserves its amount', () =>
    expect(received(foldEvents(fundDecider, pending)).allocations[0]?.remainingFen).toBe(100_000));

  it('is paid when another user approves it', () =>
    given(pending).when(approve('checker')).then([fundDisbursed({ amountFen: 300_000 })]));

  it('is refused to its requester', () =>
    given(pending).when(approve('maker')).thenThrows('SAME_USER'));

  it('keeps the remainder after approval (the reservation becomes spending)', () => {
    const state = received(foldEvents(fundDecider, [...pending, fundDisbursed({ amountFen: 300_000 })]));
    expect([state.allocations[0]?.remainingFen, state.disbursedFen]).toEqual([100_000, 300_000]);
  });

  it('releases the reservation when rejected', () => {
    const events = fundDecider.decide(rejectIt, foldEvents(fundDecider, pending));
    const state = received(foldEvents(fundDecider, [...pending, ...events]));
    expect(state.allocations[0]?.remainingFen).toBe(400_000);
  });

  it('cannot be decided twice', () => {
    const events = fundDecider.decide(rejectIt, foldEvents(fundDecider, pending));
    given([...pending, ...events]).when(approve('checker')).thenThrows('INVALID_STATE');
  });

  it('leaves too little for a payment above the unreserved remainder', () =>
    given(pending)
      .when({ type: 'PayHousehold', data: { fundId, paymentId: 'p1', allocationId: 'a1',
        householdId: 'h1', amountFen: 100_001, paidOn: '2024-03-05', channel: 'bank',
        voucherNo: 'v' } })
      .thenThrows('INSUFFICIENT_FUNDS'));
});
