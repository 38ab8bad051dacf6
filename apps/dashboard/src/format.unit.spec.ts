import { formatFen, formatRate, formatYuan, monthEnds, parseYuanToFen } from './format';

describe('formatFen', () => {
  it('writes fen as yuan with two decimals and thousands separators', () => {
    expect(formatFen(0)).toBe('0.00');
    expect(formatFen(5)).toBe('0.05');
    expect(formatFen(100)).toBe('1.00');
    expect(formatFen(123_456_789)).toBe('1,234,567.89');
    expect(formatFen(-1_000_001)).toBe('-10,000.01');
  });

  it('keeps every fen of the largest amounts a payment may carry', () => {
    expect(formatFen(10 ** 13)).toBe('100,000,000,000.00');
    expect(formatFen(9_007_199_254_740_991)).toBe('90,071,992,547,409.91');
    expect(formatFen(123_456_789_012_345_678n)).toBe('1,234,567,890,123,456.78');
  });

  it('refuses amounts that are not whole fen', () => {
    expect(() => formatFen(1.5)).toThrow('safe integer');
  });

  it('prefixes the yuan sign outside the minus', () => {
    expect(formatYuan(250)).toBe('¥2.50');
    expect(formatYuan(-250)).toBe('-¥2.50');
  });
});

describe('formatRate', () => {
  it('shows a four-decimal rate as a percentage with two decimals', () => {
    expect(formatRate(0)).toBe('0.00%');
    expect(formatRate(0.4695)).toBe('46.95%');
    expect(formatRate(0.0134)).toBe('1.34%');
    expect(formatRate(1)).toBe('100.00%');
    expect(formatRate(0.0005)).toBe('0.05%');
  });
});

describe('monthEnds', () => {
  it('lists month ends oldest first and stops at the as-of date', () => {
    expect(monthEnds('2025-03-15', 4)).toEqual([
      '2024-12-31',
      '2025-01-31',
      '2025-02-28',
      '2025-03-15',
    ]);
    expect(monthEnds('2024-02-29', 1)).toEqual(['2024-02-29']);
  });
});

describe('parseYuanToFen', () => {
  it('reads yuan with up to two decimals as integer fen', () => {
    expect(parseYuanToFen('1234.56')).toBe(123_456);
    expect(parseYuanToFen('¥1,234.5')).toBe(123_450);
    expect(parseYuanToFen(' 80 ')).toBe(8_000);
    expect(parseYuanToFen('0.29')).toBe(29);
    expect(parseYuanToFen('100000000000')).toBe(10_000_000_000_000);
  });

  it('refuses what is not an amount in yuan', () => {
    const refused = ['', '1.234', '-5', '1e3', '12,34', 'abc', '1.', '.5', '99999999999999999'];
    for (const text of refused) {
      expect(parseYuanToFen(text)).toBeUndefined();
    }
  });
});
