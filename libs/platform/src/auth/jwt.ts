import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { DomainError, plainText } from '@sunshine/domain';
import { ROLES, type Principal } from './principal';

const TOKEN_TTL_SECONDS_DEFAULT = 8 * 3600;

/**
 * SPEC §10: a token must expire, and its region prefixes are whole codes (2, 4, 6, 9 or 12
 * digits), so that `32082` cannot cover the counties 320820 to 320829 at once. The caller's
 * `sub` is stored with every event it writes, so it is plain text too.
 */
const claimsSchema = z.object({
  sub: plainText.min(1).max(200),
  role: z.enum(ROLES),
  regions: z.array(z.string().regex(/^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/)).max(100),
  exp: z.number().int().positive(),
});

/** Distinct secrets whose keys are kept: a process uses one, tests a few. */
export const JWT_KEYS_MAX = 8;
const keys = new Map<string, KeyObject>();

/**
 * The HMAC key of a secret, built once. Given a plain string, jsonwebtoken would first try
 * to parse it as a PEM public key, throw, catch, and only then build a secret key: a thrown
 * exception and two key derivations on every request.
 */
export function hmacKey(secret: string): KeyObject {
  let key = keys.get(secret);
  if (!key) {
    // jsonwebtoken refuses an empty secret; an empty HMAC key would verify forged tokens.
    if (secret.length === 0) throw new Error('the JWT secret is empty');
    if (keys.size >= JWT_KEYS_MAX) keys.clear();
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return key;
}

const VERIFY_OPTIONS: jwt.VerifyOptions & { complete?: false } = { algorithms: ['HS256'] };

export function signToken(
  principal: Principal,
  secret: string,
  ttlSeconds: number = TOKEN_TTL_SECONDS_DEFAULT,
): string {
  return jwt.sign({ role: principal.role, regions: principal.regions }, hmacKey(secret), {
    algorithm: 'HS256',
    subject: principal.sub,
    expiresIn: ttlSeconds,
  });
}

/** Verifies an HS256 token; any failure is UNAUTHORIZED, never a stack trace. */
export function verifyToken(token: string, secret: string): Principal {
  let payload: unknown;
  try {
    payload = jwt.verify(token, hmacKey(secret), VERIFY_OPTIONS);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'invalid token';
    throw new DomainError('UNAUTHORIZED', `invalid token: ${reason}`);
  }
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) {
    throw new DomainError(
      'UNAUTHORIZED',
      'a token needs sub, role, regions (whole region codes) and exp',
    );
  }
  const { sub, role, regions } = parsed.data;
  return { sub, role, regions };
}

export function bearerToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  return match?.[1];
}
