import jwt from 'jsonwebtoken';
import { DomainError } from '@sunshine/domain';
import { bearerToken, hmacKey, JWT_KEYS_MAX, signToken, verifyToken } from './jwt';

const SECRET = 'jwt-test-secret-0123456789';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'OTHER';
  }
  return undefined;
}

describe('signToken and verifyToken', () => {
  it('round-trips sub, role and regions', () => {
    const principal = { sub: 'u1', role: 'auditor' as const, regions: ['32'] };
    expect(verifyToken(signToken(principal, SECRET), SECRET)).toEqual(principal);
  });

  it('refuses an expired token', () => {
    const token = signToken({ sub: 'u', role: 'finance', regions: ['320826'] }, SECRET, -10);
    expect(codeOf(() => verifyToken(token, SECRET))).toBe('UNAUTHORIZED');
  });

  it('refuses an unsigned (alg none) token', () => {
    const token = jwt.sign({ sub: 'u', role: 'admin', regions: [] }, '', { algorithm: 'none' });
    expect(codeOf(() => verifyToken(token, SECRET))).toBe('UNAUTHORIZED');
  });

  it('keeps one key per secret, each accepting its own tokens, past the cache size', () => {
    const principal = { sub: 'u2', role: 'finance' as const, regions: ['320826'] };
    const secrets = Array.from({ length: JWT_KEYS_MAX + 2 }, (_, i) => `${SECRET}-${i}`);
    for (const secret of [...secrets, ...secrets]) {
      const token = signToken(principal, secret);
      expect(verifyToken(token, secret)).toEqual(principal);
      expect(codeOf(() => verifyToken(token, SECRET))).toBe('UNAUTHORIZED');
    }
    expect(hmacKey(SECRET)).toBe(hmacKey(SECRET));
  });

  it('refuses every token under an empty secret', () => {
    const token = jwt.sign({ role: 'admin', regions: [] }, 'x', { subject: 'u' });
    expect(codeOf(() => verifyToken(token, ''))).toBe('UNAUTHORIZED');
  });

  it('refuses a token without exp', () => {
    const token = jwt.sign({ role: 'admin', regions: [] }, SECRET, { subject: 'u' });
    expect(codeOf(() => verifyToken(token, SECRET))).toBe('UNAUTHORIZED');
  });

  it.each([['1'], ['320'], ['32082'], ['3208261'], ['32082610020'], ['3208261002011'], ['32x']])(
    'refuses the region prefix %s, which is not a whole region code', (prefix) => {
      const token = signToken({ sub: 'u', role: 'finance', regions: [prefix] }, SECRET);
      expect(codeOf(() => verifyToken(token, SECRET))).toBe('UNAUTHORIZED');
    });

  it.each([['32'], ['3208'], ['320826'], ['320826100'], ['320826100201']])(
    'accepts the whole region code %s', (prefix) => {
      const principal = { sub: 'u', role: 'finance' as const, regions: [prefix] };
      expect(verifyToken(signToken(principal, SECRET), SECRET)).toEqual(principal);
    });

  it('refuses a sub holding NUL or a lone surrogate', () => {
    for (const sub of ['a\u0000', 'b\ud800']) {
      const token = signToken({ sub, role: 'finance', regions: ['320826'] }, SECRET);
      expect(codeOf(() => verifyToken(token, SECRET))).toBe('UNAUTHORIZED');
    }
  });

  it('refuses a token with an unknown role', () => {
    const token = jwt.sign({ role: 'mayor', regions: [] }, SECRET, {
      subject: 'u',
      expiresIn: 60,
    });
    expect(codeOf(() => verifyToken(token, SECRET))).toBe('UNAUTHORIZED');
  });
});

describe('bearerToken', () => {
  it('reads the token of a Bearer header only', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
