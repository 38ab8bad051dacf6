import type { BatchPaymentFact } from '../facts';
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
