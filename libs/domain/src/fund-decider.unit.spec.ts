import { fundDecider, type FundEvent } from './fund-decider';
import type { FundCommand } from './fund';
import { deciderSpec, foldEvents } from './testing/decider-spec';
import {
  fundAllocated,
  fundDisbursed,
  fundReceived,
  fundReturned,
  householdPaid,
  OTHER_VILLAGE,
  SAMPLE_VILLAGE,
} from './testing/fixtures';

const given = (events: FundEvent[]) => deciderSpec(fundDecider, events);
const fundId = 'f1';

const receive = (): FundCommand => ({
  type: 'ReceiveFund',
  data: { fundId, ...fundReceived().data },
});
const allocate = (over: Partial<ReturnType<typeof fundAllocated>['data']> = {}): FundCommand => ({
  type: 'AllocateFund',
  data: { fundId, ...fundAllocated(over).data },
});
const disburse = (over: Partial<ReturnType<typeof fundDisbursed>['data']> = {}): FundCommand => ({
  type: 'DisburseFunds',
  data: { fundId, ...fundDisbursed(over).data },
});
const pay = (over: Partial<ReturnType<typeof householdPaid>['data']> = {}): FundCommand => ({
  type: 'PayHousehold',
  data: { fundId, ...householdPaid(over).data },
});
const giveBack = (over: Partial<ReturnType<typeof fundReturned>['data']> = {}): FundCommand => ({
  type: 'ReturnFunds',
  data: { fundId, ...fundReturned(over).data },
});

describe('a fund that does not exist', () => {
  it('records a receipt', () => given([]).when(receive()).then([fundReceived()]));

  it.each([allocate(), disburse(), pay(), giveBack()])('rejects $type as NOT_FOUND', (command) =>
    given([]).when(command).thenThrows('NOT_FOUND'),
  );
});

describe('a received fund of 1,000,000 fen', () => {
  const received = [fundReceived()];

  it('rejects a second receipt', () =>
    given(received).when(receive()).thenThrows('ALREADY_EXISTS'));

  it('allocates up to its unallocated balance', () =>
    given(received)
      .when(allocate({ amountFen: 1_000_000 }))
      .then([fundAllocated({ amountFen: 1_000_000 })]));

  it('rejects an allocation above its unallocated balance', () =>
    given(received).when(allocate({ amountFen: 1_000_001 })).thenThrows('INSUFFICIENT_FUNDS'));

  it('allocates to a project in a village', () => {
    const target = { type: 'project' as const, id: 'p-9' };
    given(received).when(allocate({ target })).then([fundAllocated({ target })]);
  });

  it('rejects a village target that is not the allocation village', () =>
    given(received)
      .when(allocate({ target: { type: 'village', id: OTHER_VILLAGE } }))
      .thenThrows('VALIDATION_FAILED'));

  it('rejects an allocation dated before the receipt', () =>
    given(received).when(allocate({ allocatedOn: '2024-01-09' })).thenThrows('VALIDATION_FAILED'));

  it('returns unallocated money', () =>
    given(received)
      .when(giveBack({ amountFen: 1_000_000 }))
      .then([fundReturned({ amountFen: 1_000_000 })]));

  it('rejects returning more than is unallocated', () =>
    given(received).when(giveBack({ amountFen: 1_000_001 })).thenThrows('INSUFFICIENT_FUNDS'));

  it.each([disburse(), pay(), giveBack({ allocationId: 'a1' })])(
    'rejects $type against an unknown allocation as NOT_FOUND',
    (command) => given(received).when(command).thenThrows('NOT_FOUND'),
  );
});

describe('a fund with an allocation of 400,000 fen', () => {
  const allocated = [fundReceived(), fundAllocated()];

  it('rejects a second allocation with the same id', () =>
    given(allocated).when(allocate({ amountFen: 1 })).thenThrows('ALREADY_EXISTS'));

  it('allocates the rest under another id', () =>
    given(allocated)
      .when(allocate({ allocationId: 'a2', amountFen: 600_000 }))
      .then([fundAllocated({ allocationId: 'a2', amountFen: 600_000 })]));

  it('rejects allocating more than the rest', () =>
    given(allocated)
      .when(allocate({ allocationId: 'a2', amountFen: 600_001 }))
      .thenThrows('INSUFFICIENT_FUNDS'));

  it('disburses up to the remainder', () =>
    given(allocated)
      .when(disburse({ amountFen: 400_000 }))
      .then([fundDisbursed({ amountFen: 400_000 })]));

  it('rejects a disbursement above the remainder', () =>
    given(allocated).when(disburse({ amountFen: 400_001 })).thenThrows('INSUFFICIENT_FUNDS'));

  it('rejects a disbursement dated before the allocation', () =>
    given(allocated).when(disburse({ paidOn: '2024-01-31' })).thenThrows('VALIDATION_FAILED'));

  it('pays a household up to the remainder', () =>
    given(allocated)
      .when(pay({ amountFen: 400_000 }))
      .then([householdPaid({ amountFen: 400_000 })]));

  it('rejects a payment above the remainder', () =>
    given(allocated).when(pay({ amountFen: 400_001 })).thenThrows('INSUFFICIENT_FUNDS'));

  it('records a payment to a household it cannot vouch for, for the alert rules to judge', () =>
    given(allocated)
      .when(pay({ householdId: 'never-registered' }))
      .then([householdPaid({ householdId: 'never-registered' })]));

  it('returns allocated money up to the remainder', () =>
    given(allocated)
      .when(giveBack({ allocationId: 'a1', amountFen: 400_000 }))
      .then([fundReturned({ allocationId: 'a1', amountFen: 400_000 })]));

  it('rejects returning more than the allocation holds', () =>
    given(allocated)
      .when(giveBack({ allocationId: 'a1', amountFen: 400_001 }))
      .thenThrows('INSUFFICIENT_FUNDS'));

  it('rejects an unallocated return above the unallocated balance', () =>
    given(allocated).when(giveBack({ amountFen: 600_001 })).thenThrows('INSUFFICIENT_FUNDS'));
});

describe('a fund with spending against its allocation', () => {
  const history: FundEvent[] = [
    fundReceived(),
    fundAllocated({ perHouseholdCapFen: 60_000 }),
    fundDisbursed({ amountFen: 100_000, paidOn: '2024-03-01' }),
    householdPaid({ amountFen: 50_000, paidOn: '2024-03-05' }),
    fundReturned({ allocationId: 'a1', amountFen: 10_000 }),
    fundReturned({ returnId: 'r2', amountFen: 20_000 }),
  ];

  it('folds the totals and the allocation remainder', () => {
    const state = foldEvents(fundDecider, history);
    if (state.status !== 'received') throw new Error('expected a received fund');
    expect(state).toMatchObject({
      amountFen: 1_000_000,
      allocatedFen: 400_000,
      unallocatedFen: 580_000,
      disbursedFen: 150_000,
      returnedFen: 30_000,
    });
    expect(state.allocations).toEqual([
      {
        allocationId: 'a1',
        villageCode: SAMPLE_VILLAGE,
        target: { type: 'village', id: SAMPLE_VILLAGE },
        amountFen: 400_000,
        spentFen: 150_000,
        returnedFen: 10_000,
        remainingFen: 240_000,
        reservedFen: 0,
        allocatedOn: '2024-02-01',
        lastActivityOn: '2024-03-05',
        perHouseholdCapFen: 60_000,
      },
    ]);
  });

  it('rejects a spend above what is left after spending', () =>
    given(history)
      .when(pay({ paymentId: 'p2', amountFen: 240_001 }))
      .thenThrows('INSUFFICIENT_FUNDS'));

  it('pays exactly what is left', () =>
    given(history)
      .when(pay({ paymentId: 'p2', amountFen: 240_000 }))
      .then([householdPaid({ paymentId: 'p2', amountFen: 240_000 })]));

  it.each([
    pay({ amountFen: 1 }),
    disburse({ amountFen: 1 }),
    giveBack({ amountFen: 1 }),
  ])('rejects a reused movement id in $type as ALREADY_EXISTS', (command) =>
    given(history).when(command).thenThrows('ALREADY_EXISTS'),
  );

  it('keeps the latest payment date as last activity when dates arrive out of order', () => {
    const late = householdPaid({ paymentId: 'p3', paidOn: '2024-02-15' });
    const state = foldEvents(fundDecider, [...history, late]);
    if (state.status !== 'received') throw new Error('expected a received fund');
    expect(state.allocations[0]?.lastActivityOn).toBe('2024-03-05');
  });
});
