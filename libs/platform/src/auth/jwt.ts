import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { DomainError } from '@sunshine/domain';
import { ROLES, type Principal } from './principal';

const TOKEN_TTL_SECONDS_DEFAULT = 8 * 3600;

const claimsSchema = z.object({
  sub: z.string().min(1).max(200),
  role: z.enum(ROLES),
  regions: z.array(z.string().regex(/^\d{1,12}$/)).max(100),
});

export function signToken(
  principal: Principal,
  secret: string,
  ttlSeconds: number = TOKEN_TTL_SECONDS_DEFAULT,
): string {
  return jwt.sign({ role: principal.role, regions: principal.regions }, secret, {
    algorithm: 'HS256',
    subject: principal.sub,
    expiresIn: ttlSeconds,
  });
}

/** Verifies an HS256 token; any failure is UNAUTHORIZED, never a stack trace. */
export function verifyToken(token: string, secret: string): Principal {
  let payload: unknown;
  try {
    payload = jwt.verify(token, secret, { algorithms: ['HS256'] });
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'invalid token';
    throw new DomainError('UNAUTHORIZED', `invalid token: ${reason}`);
  }
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) {
    throw new DomainError('UNAUTHORIZED', 'token lacks sub, role or regions');
  }
  return parsed.data;
}

export function bearerToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  return match?.[1];
}
