import { incomePerMemberFen, watchReasons, yearsBefore } from './watch-list';

const asOf = '2024-06-01';

describe('the watch list', () => {
  describe('LOW_INCOME against the watch line of 900,000 fen per member', () => {
    it('lists a household exactly on the line', () => {
      expect(watchReasons({ members: 1, latestIncomeFen: 900_000 }, asOf)).toEqual(['LOW_INCOME']);
    });

    it('does not list one fen above the line', () => {
      expect(watchReasons({ members: 1, latestIncomeFen: 900_001 }, asOf)).toEqual([]);
    });

    it('compares total and line × members, so a third of a fen above is above', () => {
      expect(watchReasons({ members: 3, latestIncomeFen: 2_700_000 }, asOf)).toEqual([
        'LOW_INCOME',
      ]);
      expect(watchReasons({ members: 3, latestIncomeFen: 2_700_001 }, asOf)).toEqual([]);
      expect(incomePerMemberFen(2_700_001, 3)).toBe(900_000);
    });

    it('honours another line', () => {
      expect(watchReasons({ members: 2, latestIncomeFen: 1_000_000 }, asOf, 500_000)).toEqual([
        'LOW_INCOME',
      ]);
    });

    it('does not list a household without an income record', () => {
      expect(watchReasons({ members: 2 }, asOf)).toEqual([]);
    });
  });

  describe('INCOME_DROP of 30 % or more from the record before', () => {
    const above = { members: 1 };

    it('lists a drop of exactly 30 %', () => {
      const input = { ...above, previousIncomeFen: 2_000_000, latestIncomeFen: 1_400_000 };
      expect(watchReasons(input, asOf)).toEqual(['INCOME_DROP']);
    });

    it('does not list a drop of 29.99 %', () => {
      const input = { ...above, previousIncomeFen: 2_000_000, latestIncomeFen: 1_400_200 };
      expect(watchReasons(input, asOf)).toEqual([]);
    });

    it('does not list a rise, nor a first record', () => {
      expect(watchReasons({ ...above, previousIncomeFen: 1_000_000, latestIncomeFen: 2_000_000 },
        asOf)).toEqual([]);
      expect(watchReasons({ ...above, latestIncomeFen: 2_000_000 }, asOf)).toEqual([]);
    });
  });

  describe('RECENT_RETURN within two years before asOf', () => {
    it('lists a return exactly two years ago', () => {
      expect(watchReasons({ members: 1, lastReturnedOn: '2022-06-01' }, asOf)).toEqual([
        'RECENT_RETURN',
      ]);
    });

    it('does not list a return two years and a day ago', () => {
      expect(watchReasons({ members: 1, lastReturnedOn: '2022-05-31' }, asOf)).toEqual([]);
    });

    it('does not count a return after asOf', () => {
      expect(watchReasons({ members: 1, lastReturnedOn: '2024-06-02' }, asOf)).toEqual([]);
    });

    it('counts back from 29 February to 28 February', () => {
      expect(yearsBefore('2024-02-29', 2)).toBe('2022-02-28');
      expect(yearsBefore('2024-02-29', 4)).toBe('2020-02-29');
    });
  });

  it('gives every reason that holds, in a fixed order', () => {
    const input = {
      members: 2,
      previousIncomeFen: 3_000_000,
      latestIncomeFen: 1_000_000,
      lastReturnedOn: '2024-01-01',
    };
    expect(watchReasons(input, asOf)).toEqual(['LOW_INCOME', 'INCOME_DROP', 'RECENT_RETURN']);
  });
});
