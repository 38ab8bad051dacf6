import { IdSet } from './id-set';

describe('an IdSet folded in order', () => {
  it('holds what was added and nothing else', () => {
    const set = IdSet.empty().add('a').add('b');
    expect([set.has('a'), set.has('b'), set.has('c'), set.size]).toEqual([true, true, false, 2]);
  });

  it('ignores a member added twice', () => {
    const set = IdSet.empty().add('a');
    expect(set.add('a')).toBe(set);
  });
});

describe('an older IdSet version', () => {
  it('does not see members added to a newer version', () => {
    const older = IdSet.empty().add('a');
    const newer = older.add('b');
    expect([older.has('b'), older.size, newer.has('b')]).toEqual([false, 1, true]);
  });

  it('branches without disturbing the newer version', () => {
    const older = IdSet.empty().add('a');
    const left = older.add('b');
    const right = older.add('c');
    expect([left.has('b'), left.has('c'), right.has('b'), right.has('c')]).toEqual([
      true,
      false,
      false,
      true,
    ]);
    expect([left.add('d').has('c'), right.add('d').has('b')]).toEqual([false, false]);
  });

  it('serialises as its size only', () =>
    expect(JSON.stringify(IdSet.empty().add('a'))).toBe('{"size":1}'));
});
