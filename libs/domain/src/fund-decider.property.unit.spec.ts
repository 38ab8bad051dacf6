import fc from 'fast-check';
import { allocationOf, fundDecider, type FundEvent, type FundState } from './fund-decider';
import type { FundCommand } from './fund';
import { DomainError } from './errors';
import { fundReceived, SAMPLE_VILLAGE } from './testing/fixtures';

/**
 * Random command sequences against one fund. Small id pools make collisions (reused ids,
 * unknown allocations) frequent. An amount is either absolute or "the balance it draws on,
 * plus -1, 0 or +1", resolved against the state at the time, so the exact boundaries of
 * every balance are hit often.
 */
const FUND_FEN = 1_000_000;
const fundId = 'f1';

type Amount = { fen: number } | { restDelta: -1 | 0 | 1 };
type Kind = 'allocate' | 'disburse' | 'pay' | 'return';
interface Step {
  kind: Kind;
  id: string;
  allocationId: string | undefined;
  amount: Amount;
  on: string;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom<Kind>('allocate', 'disburse', 'pay', 'return'),
  id: fc.constantFrom('x0', 'x1', 'x2', 'x3', 'x4'),
  allocationId: fc.option(fc.constantFrom('a0', 'a1', 'a2'), { nil: undefined, freq: 4 }),
  amount: fc.oneof(
    fc.record({ fen: fc.integer({ min: 1, max: FUND_FEN }) }),
    fc.record({ restDelta: fc.constantFrom<-1 | 0 | 1>(-1, 0, 1) }),
  ),
  on: fc.constantFrom('2024-01-05', '2024-02-01', '2024-03-01', '2024-06-30'),
});

/** The balance a step draws on: an allocation's remainder or the unallocated balance. */
function balanceFor(step: Step, state: FundState): number {
  if (state.status !== 'received') return 0;
  const drawsOnAllocation = step.kind !== 'allocate' && step.allocationId !== undefined;
  if (!drawsOnAllocation) return state.unallocatedFen;
  return allocationOf(state, step.allocationId ?? '')?.remainingFen ?? 0;
}

function commandFor(step: Step, state: FundState): FundCommand {
  const amountFen =
    'fen' in step.amount
      ? step.amount.fen
      : Math.max(1, balanceFor(step, state) + step.amount.restDelta);
  const allocationId = step.allocationId ?? 'a0';
  const { id, on } = step;
  switch (step.kind) {
    case 'allocate': {
      const target = { type: 'village' as const, id: SAMPLE_VILLAGE };
      const data = { allocationId, target, villageCode: SAMPLE_VILLAGE, amountFen };
      return { type: 'AllocateFund', data: { fundId, ...data, allocatedOn: on } };
    }
    case 'disburse': {
      const payee = { type: 'village' as const, id: SAMPLE_VILLAGE, name: 'Village committee' };
      const data = { disbursementId: id, allocationId, payee, amountFen, paidOn: on };
      return { type: 'DisburseFunds', data: { fundId, ...data, voucherNo: 'V' } };
    }
    case 'pay': {
      const data = { paymentId: id, allocationId, householdId: 'h1', amountFen, paidOn: on };
      return { type: 'PayHousehold', data: { fundId, ...data, channel: 'bank', voucherNo: 'V' } };
    }
    case 'return': {
      const data = { returnId: id, allocationId: step.allocationId, amountFen, returnedOn: on };
      return { type: 'ReturnFunds', data: { fundId, ...data, reason: 'unused' } };
    }
  }
}

interface Run {
  state: FundState;
  accepted: FundEvent[];
  rejected: DomainError[];
}

/**
 * Decides each step against the current state; a rejected command changes nothing.
 * `inspect` sees the state after every step.
 */
function run(steps: Step[], inspect: (state: FundState) => void = () => undefined): Run {
  const received = fundReceived({ amountFen: FUND_FEN });
  let state = fundDecider.evolve(fundDecider.initialState(), received);
  const accepted: FundEvent[] = [received];
  const rejected: DomainError[] = [];
  for (const step of steps) {
    const command = commandFor(step, state);
    try {
      const events = fundDecider.decide(command, state);
      state = events.reduce(fundDecider.evolve, state);
      accepted.push(...events);
    } catch (error) {
      // Only typed domain errors are acceptable answers to a well-formed command.
      if (!(error instanceof DomainError)) throw error;
      rejected.push(error);
    }
    inspect(state);
  }
  return { state, accepted, rejected };
}

const sumFen = (events: FundEvent[], keep: (e: FundEvent) => boolean): number =>
  events.filter(keep).reduce((sum, e) => sum + ('amountFen' in e.data ? e.data.amountFen : 0), 0);

const isSpend = (e: FundEvent) => e.type === 'FundDisbursed' || e.type === 'HouseholdPaid';
const against = (allocationId: string) => (e: FundEvent) =>
  'allocationId' in e.data && e.data.allocationId === allocationId;

function received(state: FundState): Extract<FundState, { status: 'received' }> {
  if (state.status !== 'received') throw new Error('expected a received fund');
  return state;
}

describe('a fund under any sequence of commands', () => {
  const sequences = fc.array(stepArb, { maxLength: 40, size: 'max' });

  it('never holds a negative balance or remainder, after any step', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        run(steps, (folded) => {
          // Plain checks: this runs after every step of every sequence.
          const state = received(folded);
          const remaindersFen = state.allocations.map((a) => a.remainingFen);
          const balancesFen = [state.unallocatedFen, ...remaindersFen];
          if (balancesFen.some((fen) => fen < 0)) {
            throw new Error(`negative balance: ${JSON.stringify(state)}`);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('folds totals equal to the sums of its accepted events', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        const { state: folded, accepted } = run(steps);
        const state = received(folded);
        const allocatedFen = sumFen(accepted, (e) => e.type === 'FundAllocated');
        const returns = (e: FundEvent) => e.type === 'FundReturned';
        const unallocatedReturnsFen = sumFen(
          accepted,
          (e) => returns(e) && !('allocationId' in e.data && e.data.allocationId),
        );
        expect(state.allocatedFen).toBe(allocatedFen);
        expect(state.disbursedFen).toBe(sumFen(accepted, isSpend));
        expect(state.returnedFen).toBe(sumFen(accepted, returns));
        expect(state.unallocatedFen).toBe(FUND_FEN - allocatedFen - unallocatedReturnsFen);
        for (const a of state.allocations) {
          const spentFen = sumFen(accepted, (e) => isSpend(e) && against(a.allocationId)(e));
          const backFen = sumFen(accepted, (e) => returns(e) && against(a.allocationId)(e));
          expect([a.spentFen, a.returnedFen]).toEqual([spentFen, backFen]);
          expect(a.remainingFen).toBe(a.amountFen - spentFen - backFen);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('accepts a spend of exactly the remainder and rejects one fen more', () => {
    fc.assert(
      fc.property(sequences, (steps) => {
        const state = received(run(steps).state);
        for (const a of state.allocations.filter((x) => x.remainingFen > 0)) {
          const spend = (amountFen: number): FundCommand => ({
            type: 'PayHousehold',
            data: {
              fundId,
              paymentId: 'fresh',
              allocationId: a.allocationId,
              householdId: 'h9',
              amountFen,
              paidOn: '2024-12-31',
              channel: 'bank',
              voucherNo: 'V',
            },
          });
          expect(fundDecider.decide(spend(a.remainingFen), state)).toHaveLength(1);
          expect(() => fundDecider.decide(spend(a.remainingFen + 1), state)).toThrow(/fen left/);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('exercises acceptance and every rejection the fund knows', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(sequences, (steps) => {
        const { accepted, rejected } = run(steps);
        accepted.forEach((e) => seen.add(e.type));
        rejected.forEach((e) => seen.add(e.code));
      }),
      { numRuns: 200, seed: 42 },
    );
    // Guards the generators: a property over sequences that are all rejected proves nothing.
    for (const expected of [
      'FundAllocated',
      'FundDisbursed',
      'HouseholdPaid',
      'FundReturned',
      'INSUFFICIENT_FUNDS',
      'NOT_FOUND',
      'ALREADY_EXISTS',
      'VALIDATION_FAILED',
    ]) {
      expect(seen).toContain(expected);
    }
  });
});
