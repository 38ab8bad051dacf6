import {
  childRegionCodes,
  isIdle,
  maskName,
  rateHalfUp,
  receivesByAllocation,
  toSafeNumber,
} from './index';

describe('rateHalfUp', () => {
  it('rounds a tie in the fifth decimal upwards', () => {
    expect(rateHalfUp(25n, 100_000n)).toBe(0.0003);
    expect(rateHalfUp(15n, 100_000n)).toBe(0.0002);
    expect(rateHalfUp(5n, 100_000n)).toBe(0.0001);
  });

  it('rounds below a tie down and above a tie up', () => {
    expect(rateHalfUp(1n, 3n)).toBe(0.3333);
    expect(rateHalfUp(2n, 3n)).toBe(0.6667);
    expect(rateHalfUp(249_999n, 1_000_000_000n)).toBe(0.0002);
    expect(rateHalfUp(250_001n, 1_000_000_000n)).toBe(0.0003);
  });

  it('reproduces published retention figures exactly', () => {
    expect(rateHalfUp(469_500n, 1_000_000n)).toBe(0.4695);
    expect(rateHalfUp(134n, 10_000n)).toBe(0.0134);
  });

  it('is 0 when nothing was received and rounds away from zero when negative', () => {
    expect(rateHalfUp(0n, 0n)).toBe(0);
    expect(rateHalfUp(5n, 0n)).toBe(0);
    expect(rateHalfUp(-25n, 100_000n)).toBe(-0.0003);
  });

  it('stays exact for sums beyond the safe integer range', () => {
    const big = 10n ** 20n;
    expect(rateHalfUp(big / 8n, big)).toBe(0.125);
  });
});

describe('toSafeNumber', () => {
  it('refuses a sum a number cannot hold', () => {
    expect(toSafeNumber(9_007_199_254_740_991n)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => toSafeNumber(9_007_199_254_740_992n)).toThrow(/safe integer/);
  });
});

describe('an allocation with money left', () => {
  const allocation = {
    regionCode: '320826100201',
    amountFen: 100n,
    allocatedOn: '2024-01-15',
    spentFen: 40n,
    lastPaidOn: null,
  };

  it('is idle only when more than idleDays passed since its last activity', () => {
    expect(isIdle(allocation, '2024-04-14', 90)).toBe(false);
    expect(isIdle(allocation, '2024-04-15', 90)).toBe(true);
    expect(isIdle({ ...allocation, lastPaidOn: '2024-04-01' }, '2024-04-15', 90)).toBe(false);
  });

  it('is never idle once spent', () => {
    expect(isIdle({ ...allocation, spentFen: 100n }, '2030-01-01', 90)).toBe(false);
  });
});

describe('regions', () => {
  it('receive by allocation below the county', () => {
    expect(receivesByAllocation('320826')).toBe(false);
    expect(receivesByAllocation('32')).toBe(false);
    expect(receivesByAllocation('320826100')).toBe(true);
    expect(receivesByAllocation('320826100201')).toBe(true);
  });

  it('list children from defined and attributed codes, one level down', () => {
    const codes = ['320826', '320826100201', '320826100', '320826101301', '320827100201'];
    expect(childRegionCodes('320826', codes)).toEqual(['320826100', '320826101']);
    expect(childRegionCodes('32', codes)).toEqual(['3208']);
    expect(childRegionCodes('320826100201', codes)).toEqual([]);
  });
});

describe('maskName', () => {
  it('keeps the first and last character of longer names', () => {
    expect(maskName('王小华')).toBe('王*华');
    expect(maskName('欧阳小华')).toBe('欧*华');
  });

  it('keeps only the first character of two-character and shorter names', () => {
    expect(maskName('王华')).toBe('王*');
    expect(maskName('王')).toBe('王*');
  });

  it('treats a character outside the basic plane as one character', () => {
    expect(maskName('𠀋小明')).toBe('𠀋*明');
  });
});
