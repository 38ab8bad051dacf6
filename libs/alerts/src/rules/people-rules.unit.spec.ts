import { addDays } from '@sunshine/domain';
import { DEFAULT_RULE_PARAMS } from '../config';
import { project } from '../testing/facts';
import { assetNotRegistered } from './asset-not-registered';
import { householdCare, type HouseholdCareFact } from './household-care';

const params = { visitDays: DEFAULT_RULE_PARAMS.visitDays, watchLineFen: 900_000 };

function household(over: Partial<HouseholdCareFact> = {}): HouseholdCareFact {
  return {
    householdId: 'h1',
    villageCode: '320826100201',
    members: 2,
    registeredOn: '2024-01-01',
    registrationEventId: 'ev-reg',
    status: 'in_poverty',
    ...over,
  };
}

const assigned = { helperId: 'hp1', since: '2024-01-10', eventId: 'ev-assign' };

describe('HOUSEHOLD_NOT_VISITED', () => {
  const withHelper = household({ helper: assigned });

  it('does not fire on day 90 after the assignment', () => {
    expect(householdCare(withHelper, addDays('2024-01-10', 90), params, true)).toEqual([]);
  });

  it('fires on day 91 after the assignment, naming the assignment', () => {
    const found = householdCare(withHelper, addDays('2024-01-10', 91), params, true);
    expect(found).toEqual([
      expect.objectContaining({
        rule: 'HOUSEHOLD_NOT_VISITED',
        severity: 'medium',
        subject: { type: 'household', id: 'h1' },
        regionCode: '320826100201',
        evidence: ['ev-assign'],
        cause: 'helper:hp1:since:2024-01-10',
      }),
    ]);
  });

  it('counts from the last visit: day 90 after it is fine, day 91 is not', () => {
    const visited = household({ helper: assigned, lastVisit: { on: '2024-03-01',
      eventId: 'ev-visit' } });
    expect(householdCare(visited, addDays('2024-03-01', 90), params, true)).toEqual([]);
    const found = householdCare(visited, addDays('2024-03-01', 91), params, true);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ evidence: ['ev-assign', 'ev-visit'],
      cause: 'helper:hp1:since:2024-03-01' });
  });

  it('ignores a visit dated after the scan', () => {
    const visited = household({ helper: assigned, lastVisit: { on: '2024-06-01',
      eventId: 'ev-visit' } });
    expect(householdCare(visited, '2024-05-01', params, true)).toHaveLength(1);
  });

  it('honours another visitDays', () => {
    expect(householdCare(withHelper, addDays('2024-01-10', 31), { ...params, visitDays: 30 },
      true)).toHaveLength(1);
  });

  it('raises nothing in a county that registered no helper', () => {
    expect(householdCare(withHelper, '2025-01-01', params, false)).toEqual([]);
    expect(householdCare(household(), '2025-01-01', params, false)).toEqual([]);
  });

  it('leaves out deregistered households', () => {
    const gone = household({ helper: assigned, status: 'deregistered',
      deregisteredOn: '2024-02-01' });
    expect(householdCare(gone, '2025-01-01', params, true)).toEqual([]);
  });

  it('leaves out an exited household that is not on the watch list', () => {
    const exited = household({ helper: assigned, status: 'exited', latestIncomeFen: 1_800_002 });
    expect(householdCare(exited, '2025-01-01', params, true)).toEqual([]);
  });

  it('keeps an exited household on the watch list (income on the line)', () => {
    const watched = household({ helper: assigned, status: 'exited', latestIncomeFen: 1_800_000 });
    expect(householdCare(watched, '2025-01-01', params, true)).toHaveLength(1);
  });
});

describe('HOUSEHOLD_WITHOUT_HELPER', () => {
  it('does not fire 30 days after registration', () => {
    expect(householdCare(household(), addDays('2024-01-01', 30), params, true)).toEqual([]);
  });

  it('fires 31 days after registration', () => {
    const found = householdCare(household(), addDays('2024-01-01', 31), params, true);
    expect(found).toEqual([
      expect.objectContaining({
        rule: 'HOUSEHOLD_WITHOUT_HELPER',
        severity: 'medium',
        evidence: ['ev-reg'],
        cause: 'registered:2024-01-01',
      }),
    ]);
  });

  it('counts a helper assigned only after the scan date as none', () => {
    const late = household({ helper: { ...assigned, since: '2024-03-01' } });
    expect(householdCare(late, '2024-02-15', params, true)).toMatchObject([
      { rule: 'HOUSEHOLD_WITHOUT_HELPER' },
    ]);
  });

  it('raises nothing in a county that registered no helper', () => {
    expect(householdCare(household(), '2024-06-01', params, false)).toEqual([]);
  });
});

describe('ASSET_NOT_REGISTERED', () => {
  const accepted = project({
    stages: [{ stage: 'acceptance', on: '2024-03-01', eventId: 'ev-accept' }],
  });

  it('does not fire 90 days after acceptance', () => {
    expect(assetNotRegistered(accepted, 0, addDays('2024-03-01', 90))).toEqual([]);
  });

  it('fires 91 days after acceptance', () => {
    expect(assetNotRegistered(accepted, 0, addDays('2024-03-01', 91))).toEqual([
      expect.objectContaining({
        rule: 'ASSET_NOT_REGISTERED',
        severity: 'medium',
        subject: { type: 'project', id: 'pr1' },
        evidence: ['ev-pr1', 'ev-accept'],
        cause: 'accepted:2024-03-01',
      }),
    ]);
  });

  it('does not fire once an asset is registered', () => {
    expect(assetNotRegistered(accepted, 1, '2025-01-01')).toEqual([]);
  });

  it('does not fire for a project never accepted or cancelled', () => {
    expect(assetNotRegistered(project(), 0, '2025-01-01')).toEqual([]);
    const cancelled = { ...accepted, cancelledOn: '2024-04-01' };
    expect(assetNotRegistered(cancelled, 0, '2025-01-01')).toEqual([]);
  });
});
