import { disbursement, allocation, VILLAGE } from '../testing/facts';
import { commonRegion, splitPayments } from './split-payments';
import { idleAllocation } from './idle-allocation';
import { highRetention } from './high-retention';
import type { MovementFact } from '../facts';

const THRESHOLD_FEN = 5_000_000;

describe('SPLIT_PAYMENTS', () => {
  const three = (amountFen: number) => [
    disbursement({ disbursementId: 'd1', paidOn: '2024-03-01', amountFen, eventId: 'e1' }),
    disbursement({ disbursementId: 'd2', paidOn: '2024-03-04', amountFen, eventId: 'e2' }),
    disbursement({ disbursementId: 'd3', paidOn: '2024-03-08', amountFen, eventId: 'e3' }),
  ];

  it('fires when three payments under the threshold together exceed it', () => {
    const [d1, d2, d3] = three(1_700_000);
    const found = splitPayments(d3!, [d1!, d2!], THRESHOLD_FEN);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      subject: { type: 'payee', id: 'contractor:c1' },
      amountFen: 5_100_000,
      evidence: ['e1', 'e2', 'e3'],
      cause: 'window:2024-03-01:d1',
    });
  });

  it('does not fire when together they stay just under the threshold', () => {
    const [d1, d2, d3] = three(1_666_666);
    expect(splitPayments(d3!, [d1!, d2!], THRESHOLD_FEN)).toEqual([]);
  });

  it('does not fire when one payment reaches the threshold itself', () => {
    const [d1, d2] = three(1_700_000);
    const big = disbursement({ disbursementId: 'd3', paidOn: '2024-03-05', amountFen: 5_000_000 });
    expect(splitPayments(big, [d1!, d2!], THRESHOLD_FEN)).toEqual([]);
  });

  it('does not fire when the third payment falls outside 7 days', () => {
    const [d1, d2] = three(1_700_000);
    const late = disbursement({ disbursementId: 'd3', paidOn: '2024-03-09', amountFen: 1_700_000 });
    expect(splitPayments(late, [d1!, d2!], THRESHOLD_FEN)).toEqual([]);
  });

  it('finds the same window whichever payment arrives last', () => {
    const [d1, d2, d3] = three(1_700_000);
    const a = splitPayments(d1!, [d2!, d3!], THRESHOLD_FEN);
    const b = splitPayments(d3!, [d1!, d2!], THRESHOLD_FEN);
    expect(a).toEqual(b);
  });

  it('names the smallest region containing every village', () => {
    expect(commonRegion(['320826100201', '320826100305'])).toBe('320826100');
    expect(commonRegion(['320826100201', '320827100201'])).toBe('3208');
  });
});

describe('IDLE_ALLOCATION', () => {
  const alloc = allocation({ allocatedOn: '2024-01-01', amountFen: 1_000_000 });
  const paid: MovementFact = {
    kind: 'payment',
    amountFen: 400_000,
    on: '2024-02-01',
    eventId: 'm1',
  };

  it('fires for a remainder untouched more than 90 days after the last payment', () => {
    const found = idleAllocation(alloc, [paid], '2024-05-02', 90);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      amountFen: 600_000,
      regionCode: VILLAGE,
      cause: 'fund:f1:idle-since:2024-02-01',
    });
  });

  it('does not fire at exactly 90 days or when nothing remains', () => {
    expect(idleAllocation(alloc, [paid], '2024-05-01', 90)).toEqual([]);
    const all: MovementFact = { ...paid, amountFen: 1_000_000 };
    expect(idleAllocation(alloc, [all], '2024-12-31', 90)).toEqual([]);
  });

  it('ignores movements dated after the scan date', () => {
    const later: MovementFact = { ...paid, on: '2024-06-01', amountFen: 1_000_000 };
    expect(idleAllocation(alloc, [later], '2024-05-02', 90)).toHaveLength(1);
  });
});

describe('HIGH_RETENTION', () => {
  const fund = (receivedOn: string) => ({
    fundId: 'f1',
    countyCode: '320826',
    amountFen: 10_000_000,
    receivedOn,
  });

  it('fires when more than 20% of funds older than 90 days is still held', () => {
    const held = [{ fund: fund('2024-01-01'), outFen: 7_999_999 }];
    const found = highRetention('320826', held, '2024-06-01', 200_000);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      amountFen: 2_000_001,
      subject: { type: 'region', id: '320826' },
    });
  });

  it('does not fire at exactly 20% or for funds received within 90 days', () => {
    const atLine = [{ fund: fund('2024-01-01'), outFen: 8_000_000 }];
    expect(highRetention('320826', atLine, '2024-06-01', 200_000)).toEqual([]);
    const recent = [{ fund: fund('2024-04-01'), outFen: 0 }];
    expect(highRetention('320826', recent, '2024-06-01', 200_000)).toEqual([]);
  });
});
