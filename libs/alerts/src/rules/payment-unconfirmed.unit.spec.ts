import type { BatchPaymentFact } from '../facts';
import { allocationStateAt, idleAllocation } from './idle-allocation';
import { paymentUnconfirmed } from './payment-unconfirmed';

const payment: BatchPaymentFact = {
  fundId: 'f1',
  paymentId: 'b1-2',
  batchId: 'b1',
  villageCode: '320826100201',
  amountFen: 1_000,
  paidOn: '2024-03-01',
  eventId: 'e1',
};

describe('a batch payment without a bank result', () => {
  it('is not flagged 30 days after paidOn', () =>
    expect(paymentUnconfirmed(payment, '2024-03-31', 30)).toEqual([]));

  it('is flagged 31 days after paidOn, once per batch payment', () =>
    expect(paymentUnconfirmed(payment, '2024-04-01', 30)).toEqual([
      expect.objectContaining({ rule: 'PAYMENT_UNCONFIRMED', severity: 'medium',
        subject: { type: 'payment', id: 'b1-2' }, cause: 'batch:f1:b1', amountFen: 1_000 }),
    ]));
});

describe('a batch payment with a bank result', () => {
  it('is not flagged once the result is dated by the scan', () =>
    expect(paymentUnconfirmed({ ...payment, settledOn: '2024-04-01' }, '2024-04-01', 30))
      .toEqual([]));

  it('is flagged as of a scan date before its result', () =>
    expect(paymentUnconfirmed({ ...payment, settledOn: '2024-05-01' }, '2024-04-01', 30))
      .toHaveLength(1));
});

describe('an allocation whose batch payment the bank returned', () => {
  const allocation = {
    fundId: 'f1',
    allocationId: 'a1',
    villageCode: '320826100201',
    amountFen: 10_000,
    allocatedOn: '2024-01-01',
    eventId: 'e0',
  };
  const movements = [
    { kind: 'payment' as const, amountFen: 10_000, on: '2024-02-01', eventId: 'e1' },
    { kind: 'payment_failed' as const, amountFen: -10_000, on: '2024-03-01', eventId: 'e2' },
  ];

  it('has the amount back, idle since the payment and not since the return', () =>
    expect(allocationStateAt(allocation, movements, '2024-06-01')).toEqual({
      remainingFen: 10_000,
      lastActivityOn: '2024-02-01',
    }));

  it('is idle 91 days after the payment', () =>
    expect(idleAllocation(allocation, movements, '2024-05-02', 90)).toHaveLength(1));
});
