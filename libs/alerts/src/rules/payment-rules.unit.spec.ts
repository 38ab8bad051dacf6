import { alertIdOf } from '../candidate';
import { allocation, household, OTHER_VILLAGE, payment, VILLAGE } from '../testing/facts';
import { duplicatePayment } from './duplicate-payment';
import { overStandardPayment } from './over-standard-payment';
import { paymentOutsideTargetArea } from './payment-outside-target-area';
import { paymentToIneligibleHousehold } from './payment-to-ineligible-household';

describe('PAYMENT_TO_INELIGIBLE_HOUSEHOLD', () => {
  it('fires for a household no registry knows', () => {
    const [found, ...rest] = paymentToIneligibleHousehold(payment(), allocation(), undefined);
    expect(rest).toHaveLength(0);
    expect(found).toMatchObject({
      rule: 'PAYMENT_TO_INELIGIBLE_HOUSEHOLD',
      severity: 'high',
      subject: { type: 'payment', id: 'p1' },
      regionCode: VILLAGE,
      amountFen: 100_000,
      detectedOn: '2024-03-01',
      evidence: ['ev-p1'],
    });
  });

  it('fires for a household registered only after the payment', () => {
    const late = household({ registeredOn: '2024-03-02' });
    expect(paymentToIneligibleHousehold(payment(), allocation(), late)).toHaveLength(1);
  });

  it('fires for a household deregistered on or before paidOn', () => {
    const gone = household({ deregisteredOn: '2024-03-01' });
    expect(paymentToIneligibleHousehold(payment(), allocation(), gone)).toHaveLength(1);
  });

  it('does not fire for a household deregistered after paidOn', () => {
    const later = household({ deregisteredOn: '2024-03-02' });
    expect(paymentToIneligibleHousehold(payment(), allocation(), later)).toEqual([]);
  });

  it('does not fire for an exited household, which still receives post-exit support', () => {
    // Exit is not a fact the rule reads at all: a registered, not deregistered household.
    expect(paymentToIneligibleHousehold(payment(), allocation(), household())).toEqual([]);
  });
});

describe('PAYMENT_OUTSIDE_TARGET_AREA', () => {
  it('fires when the household lives in another village than the allocation targets', () => {
    const elsewhere = household({ villageCode: OTHER_VILLAGE });
    const found = paymentOutsideTargetArea(payment(), allocation(), elsewhere);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ regionCode: VILLAGE, severity: 'high' });
  });

  it('does not fire inside the target village or for an unknown household', () => {
    expect(paymentOutsideTargetArea(payment(), allocation(), household())).toEqual([]);
    expect(paymentOutsideTargetArea(payment(), allocation(), undefined)).toEqual([]);
  });
});

describe('DUPLICATE_PAYMENT', () => {
  const first = payment({ paymentId: 'p1', paidOn: '2024-03-01', eventId: 'e1' });

  it('fires for the same amount to the same household 29 days later', () => {
    const repeat = payment({ paymentId: 'p2', paidOn: '2024-03-30', eventId: 'e2' });
    const found = duplicatePayment(repeat, allocation(), [first]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      subject: { type: 'payment', id: 'p2' },
      evidence: ['e1', 'e2'],
      cause: 'repeats:p1',
    });
  });

  it('does not fire 31 days later', () => {
    const repeat = payment({ paymentId: 'p2', paidOn: '2024-04-01', eventId: 'e2' });
    expect(duplicatePayment(repeat, allocation(), [first])).toEqual([]);
  });

  it('does not fire for another amount, household or allocation', () => {
    const others = [
      payment({ paymentId: 'p2', amountFen: 100_001 }),
      payment({ paymentId: 'p3', householdId: 'h2' }),
      payment({ paymentId: 'p4', allocationId: 'a2' }),
    ];
    for (const other of others) expect(duplicatePayment(other, allocation(), [first])).toEqual([]);
  });

  it('names the same alert whichever payment of the pair arrives first', () => {
    const backdated = payment({ paymentId: 'p0', paidOn: '2024-02-20', eventId: 'e0' });
    const seenLater = duplicatePayment(backdated, allocation(), [first]);
    const seenFirst = duplicatePayment(first, allocation(), [backdated]);
    expect(seenLater).toHaveLength(1);
    expect(alertIdOf(seenLater[0]!)).toBe(alertIdOf(seenFirst[0]!));
  });
});

describe('OVER_STANDARD_PAYMENT', () => {
  it('fires above the per-household cap and not at it', () => {
    const capped = allocation({ perHouseholdCapFen: 100_000 });
    expect(overStandardPayment(payment({ amountFen: 100_001 }), capped)).toHaveLength(1);
    expect(overStandardPayment(payment({ amountFen: 100_000 }), capped)).toEqual([]);
  });

  it('does not fire when the allocation has no cap', () => {
    expect(overStandardPayment(payment({ amountFen: 9_000_000 }), allocation())).toEqual([]);
  });
});
