import fc from 'fast-check';
import { bodyFingerprint, canonicalJson, scopedKey } from './port';

describe('canonicalJson', () => {
  it('sorts keys recursively and drops undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('writes what JSON.stringify writes for a value whose keys are already sorted', () => {
    const sortedKeys = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_, v) =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v));
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      const text = canonicalJson(value);
      expect(JSON.parse(text)).toEqual(sortedKeys(value));
      expect(canonicalJson(JSON.parse(text))).toBe(text);
    }));
  });

  it('does not recurse: a value nested 100,000 levels deep is written without a stack overflow',
    () => {
      let deep: unknown = 1;
      for (let i = 0; i < 100_000; i += 1) deep = i % 2 === 0 ? [deep] : { k: deep };
      const text = canonicalJson(deep);
      expect(text.length).toBeGreaterThan(200_000);
      expect(text.endsWith(']}]}')).toBe(true);
    });
});

describe('bodyFingerprint', () => {
  it('is equal for bodies that differ only in key order and differs otherwise', () => {
    expect(bodyFingerprint({ a: 1, b: 2 })).toBe(bodyFingerprint({ b: 2, a: 1 }));
    expect(bodyFingerprint({ a: 1, b: 2 })).not.toBe(bodyFingerprint({ a: 1, b: 3 }));
  });
});

describe('scopedKey', () => {
  it('scopes a client key by caller, method and path', () => {
    const base = scopedKey('u1', 'POST', '/api/funds', 'k');
    expect(scopedKey('u2', 'POST', '/api/funds', 'k')).not.toBe(base);
    expect(scopedKey('u1', 'PUT', '/api/funds', 'k')).not.toBe(base);
    expect(scopedKey('u1', 'POST', '/api/projects', 'k')).not.toBe(base);
    expect(scopedKey('u1', 'post', '/api/funds', 'k')).toBe(base);
  });
});
