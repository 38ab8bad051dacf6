import { Controller, Get, Inject } from '@nestjs/common';
import { type Principal, Public, RUNTIME, type Runtime, signToken } from '@sunshine/platform';

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
 * `GET /api/dev/tokens`: one ready-made token per sample caller, so the development
 * sign-in is a click. The module mounts this controller only outside production.
 */
@Controller('api/dev')
@Public()
export class DevTokensController {
  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    @Inject(DEV_PRINCIPALS) private readonly principals: Principal[],
  ) {}

  @Get('tokens')
  tokens(): { items: DevToken[] } {
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
