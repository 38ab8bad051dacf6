import { inlineParameters } from './inline-client';

describe('inlineParameters', () => {
  it('writes strings as escaped literals, so quotes and backslashes stay data', () => {
    expect(inlineParameters('SELECT $1', ["it's"])).toBe("SELECT 'it''s'");
    // pg's escapeLiteral writes a backslash as E'..\\..' after a space.
    expect(inlineParameters('SELECT $1', ['a\\b'])).toBe("SELECT  E'a\\\\b'");
  });

  it('writes numbers, nulls and arrays, and $10 is not $1 followed by 0', () => {
    const values = [1, null, ['x', null], [2, 3], 'e', 'f', 'g', 'h', 'i', 'ten'];
    const sql = inlineParameters('$1 $2 $3::text[] $4::int[] $10', values);
    expect(sql).toBe("1 NULL ARRAY['x',NULL]::text[] ARRAY[2,3]::int[] 'ten'");
  });

  it('refuses a placeholder without a value and a number SQL cannot hold', () => {
    expect(() => inlineParameters('SELECT $2', [1])).toThrow('$2');
    expect(() => inlineParameters('SELECT $1', [Number.NaN])).toThrow('NaN');
  });
});
