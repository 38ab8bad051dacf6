import { bodyFingerprint, canonicalJson, scopedKey } from './port';

describe('canonicalJson', () => {
  it('sorts keys recursively and drops undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"y":2,"z":1}]},"b":1}',
    );
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
