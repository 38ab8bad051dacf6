import fc from 'fast-check';
import { DomainError } from './errors';
import { fundDecider, type FundState } from './fund-decider';
import type { FundCommand } from './fund';
import { fundAllocated, fundReceived } from './testing/fixtures';

/**
 * Random interleavings of the SPEC §11 workflows on one allocation: batches, bank results,
 * disbursement requests, approvals and rejections, single payments. Whatever is accepted,
 * no balance goes negative and the allocation's parts always add up to its amount.
 */

const ALLOCATION_FEN = 10_000;
const fundId = 'f1';

type Step =
  | { kind: 'batch'; batch: number; amounts: number[] }
  | { kind: 'results'; batch: number; rows: { row: number; failed: boolean }[] }
  | { kind: 'request'; id: number; amountFen: number }
  | { kind: 'approve'; id: number; by: 'maker' | 'checker' }
  | { kind: 'reject'; id: number }
  | { kind: 'pay'; id: number; amountFen: number };

const fen = fc.integer({ min: 1, max: 4_000 });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('batch' as const), batch: fc.integer({ min: 0, max: 2 }),
    amounts: fc.array(fen, { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('results' as const), batch: fc.integer({ min: 0, max: 2 }),
    rows: fc.array(fc.record({ row: fc.integer({ min: 1, max: 4 }), failed: fc.boolean() }),
      { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('request' as const), id: fc.integer({ min: 0, max: 2 }),
    amountFen: fen }),
  fc.record({ kind: fc.constant('approve' as const), id: fc.integer({ min: 0, max: 2 }),
    by: fc.constantFrom('maker' as const, 'checker' as const) }),
  fc.record({ kind: fc.constant('reject' as const), id: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ kind: fc.constant('pay' as const), id: fc.integer({ min: 0, max: 5 }),
    amountFen: fen }),
);

function commandFor(step: Step): FundCommand {
  switch (step.kind) {
    case 'batch':
      return { type: 'SubmitPaymentBatch', data: { fundId, batchId: `b${step.batch}`,
        paidOn: '2024-03-01', channel: 'bank', contentSha256: step.amounts.join(','),
        rows: step.amounts.map((amountFen, i) => ({ row: i + 1, paymentId: `b${step.batch}-${i + 1}`,
          allocationId: 'a1', householdId: `h${i}`, amountFen, voucherNo: 'v' })) } };
    case 'results':
      return { type: 'RecordBankResults', data: { fundId, batchId: `b${step.batch}`,
        rows: step.rows.map((r, i) => ({ row: i + 1, paymentId: `b${step.batch}-${r.row}`,
          status: r.failed ? 'failed' as const : 'paid' as const, bankRef: 'R',
          settledOn: '2024-03-05' })) } };
    case 'request':
      return { type: 'RequestDisbursement', data: { fundId, disbursementId: `d${step.id}`,
        allocationId: 'a1', payee: { type: 'contractor', id: 'c', name: 'C' },
        amountFen: step.amountFen, paidOn: '2024-03-01', voucherNo: 'v', requestedBy: 'maker' } };
    case 'approve':
      return { type: 'ApproveDisbursement', data: { fundId, disbursementId: `d${step.id}`,
        approvedBy: step.by } };
    case 'reject':
      return { type: 'RejectDisbursement', data: { fundId, disbursementId: `d${step.id}`,
        rejectedBy: 'checker', reason: 'no', rejectedOn: '2024-03-02' } };
    case 'pay':
      return { type: 'PayHousehold', data: { fundId, paymentId: `p${step.id}`, allocationId: 'a1',
        householdId: 'h', amountFen: step.amountFen, paidOn: '2024-03-01', channel: 'bank',
        voucherNo: 'v' } };
  }
}

function assertBalanced(state: FundState): void {
  if (state.status !== 'received') throw new Error('expected a received fund');
  const [a] = state.allocations;
  if (!a) throw new Error('expected the allocation');
  expect(a.remainingFen).toBeGreaterThanOrEqual(0);
  expect(a.reservedFen).toBeGreaterThanOrEqual(0);
  expect(a.spentFen).toBeGreaterThanOrEqual(0);
  expect(a.remainingFen + a.reservedFen + a.spentFen + a.returnedFen).toBe(a.amountFen);
  expect(state.disbursedFen).toBe(a.spentFen);
  const pendingFen = [...state.pendingDisbursements.values()]
    .reduce((sum, d) => sum + d.amountFen, 0);
  expect(pendingFen).toBe(a.reservedFen);
  for (const batch of state.batches.values()) {
    expect(batch.confirmed + batch.failed).toBe(batch.settled.size);
    expect(batch.settled.size).toBeLessThanOrEqual(batch.rows);
  }
}

describe('a fund with one allocation under any interleaving of the money workflows', () => {
  it('never overdraws, and its parts always add up to the allocation', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        let state = [fundReceived(), fundAllocated({ amountFen: ALLOCATION_FEN })]
          .reduce(fundDecider.evolve, fundDecider.initialState());
        for (const step of steps) {
          try {
            state = fundDecider.decide(commandFor(step), state).reduce(fundDecider.evolve, state);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
          }
          assertBalanced(state);
        }
      }),
      { numRuns: 300 },
    );
  });
});
