import { household } from '../testing/facts';
import { crossCheckHit } from './cross-check-hit';
import { falseExit } from './false-exit';

const POVERTY_LINE_FEN = 600_000;
const exit = { exitedOn: '2024-07-01', eventId: 'ev-exit' };

describe('FALSE_EXIT', () => {
  it('fires when only a one-off reimbursement lifts income over the line', () => {
    // Three members need 1,800,000 fen; wages give 1,500,000, a medical refund 400,000 more.
    const h = household({
      latestIncome: { period: '2024Q2', totalFen: 1_900_000, oneOffFen: 400_000, eventId: 'ev-i' },
    });
    const found = falseExit(exit, h, POVERTY_LINE_FEN);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      rule: 'FALSE_EXIT',
      severity: 'high',
      subject: { type: 'household', id: 'h1' },
      evidence: ['ev-exit', 'ev-i'],
    });
  });

  it('does not fire when wages alone cross the line', () => {
    const h = household({
      latestIncome: { period: '2024Q2', totalFen: 2_200_000, oneOffFen: 400_000, eventId: 'ev-i' },
    });
    expect(falseExit(exit, h, POVERTY_LINE_FEN)).toEqual([]);
  });

  it('does not fire when even the one-offs leave the household below the line', () => {
    const h = household({
      latestIncome: { period: '2024Q2', totalFen: 1_700_000, oneOffFen: 400_000, eventId: 'ev-i' },
    });
    expect(falseExit(exit, h, POVERTY_LINE_FEN)).toEqual([]);
  });
});

describe('CROSS_CHECK_HIT', () => {
  const hit = { source: 'vehicle', detail: 'car', recordedOn: '2024-05-01', eventId: 'ev-hit' };

  it('fires for a registered household', () => {
    expect(crossCheckHit(hit, household())).toHaveLength(1);
  });

  it('does not fire for a deregistered household', () => {
    expect(crossCheckHit(hit, household({ deregisteredOn: '2024-04-01' }))).toEqual([]);
  });
});
