import { JSON_DEPTH_MAX, jsonNestsDeeperThan, unsafeTextDetails } from './hostile-input';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('jsonNestsDeeperThan', () => {
  it('counts objects and arrays but not brackets inside strings', () => {
    expect(jsonNestsDeeperThan(bytes('{"a":[{"b":1}]}'), 3)).toBe(false);
    expect(jsonNestsDeeperThan(bytes('{"a":[{"b":[1]}]}'), 3)).toBe(true);
    expect(jsonNestsDeeperThan(bytes(`{"a":"${'['.repeat(100)}\\"{{"}`), 1)).toBe(false);
  });

  it('finds a body nested 3,000 levels deep without recursion', () => {
    const deep = `${'['.repeat(3000)}${']'.repeat(3000)}`;
    expect(jsonNestsDeeperThan(bytes(deep), JSON_DEPTH_MAX)).toBe(true);
    expect(jsonNestsDeeperThan(bytes('['.repeat(JSON_DEPTH_MAX)), JSON_DEPTH_MAX)).toBe(false);
  });
});

describe('unsafeTextDetails', () => {
  it('names every field holding NUL, a control character or a lone surrogate', () => {
    const body = {
      name: 'a\u0000b',
      ok: '王小明 😀\tline\nnext',
      rows: [{ voucherNo: 'x\ud800' }, { note: '\udc00' }, { bell: '\u0007' }],
      nested: { del: '\u007f' },
    };
    const paths = unsafeTextDetails(body).map((detail) => detail.path).sort();
    expect(paths).toEqual(['name', 'nested.del', 'rows.0.voucherNo', 'rows.1.note', 'rows.2.bell']);
  });

  it('refuses an unsafe key and names it with the character escaped', () => {
    const [detail] = unsafeTextDetails({ ['k\u0000']: 1 });
    expect(detail?.path).toBe('k\\u0000');
  });

  it('passes ordinary text, numbers and booleans', () => {
    expect(unsafeTextDetails({ a: 'Ünïcödé 资金', b: 1, c: [true, null] })).toEqual([]);
  });
});
