import { isIP } from 'node:net';
import { Controller, Get, Inject, Req } from '@nestjs/common';
import { DomainError } from '@sunshine/domain';
import { type Principal, Public, RUNTIME, type Runtime, signToken } from '@sunshine/platform';
import type { Request } from 'express';

/** Nest token of the sample callers the development sign-in offers. */
export const DEV_PRINCIPALS = 'SUNSHINE_DASHBOARD_DEV_PRINCIPALS';

/** Development tokens handed to the sign-in page live this long. */
export const DEV_TOKEN_TTL_SECONDS = 12 * 3600;

export interface DevToken {
  role: Principal['role'];
  sub: string;
  regions: string[];
  token: string;
}

/**
 * True for an IPv4 loopback address (127.0.0.0/8), IPv6 `::1`, or an IPv4 loopback address
 * mapped into IPv6. The socket's address is used, never a forwarding header a client writes.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return address === '::1';
}

/**
 * `GET /api/dev/tokens`: one ready-made token per sample caller, so the development
 * sign-in is a click. The module mounts this controller only outside production, and it
 * answers only clients on a loopback address (SPEC §10): a token for every role is not for
 * whoever reaches the port.
 */
@Controller('api/dev')
@Public()
export class DevTokensController {
  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    @Inject(DEV_PRINCIPALS) private readonly principals: Principal[],
  ) {}

  @Get('tokens')
  tokens(@Req() request: Request): { items: DevToken[] } {
    if (!isLoopbackAddress(request.socket.remoteAddress)) {
      throw new DomainError('FORBIDDEN', 'development tokens are given to loopback clients only');
    }
    const secret = this.runtime.config.jwtSecret;
    return {
      items: this.principals.map((principal) => ({
        role: principal.role,
        sub: principal.sub,
        regions: principal.regions,
        token: signToken(principal, secret, DEV_TOKEN_TTL_SECONDS),
      })),
    };
  }
}
