import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { DomainError, notFound } from '@sunshine/domain';
import type { LogBreak } from '@sunshine/event-store';
import {
  assertRegionAccess,
  CurrentPrincipal,
  parseBody,
  type Principal,
  Public,
  Roles,
  RUNTIME,
  type Runtime,
} from '@sunshine/platform';
import { verifyBody } from './supervision-schemas';

export interface VerifyAnswer {
  verified: boolean;
  streams: number;
  events: number;
  headPosition: number;
  broken: LogBreak[];
}

/** Breaks answered per verification; the count of streams and events stays exact. */
export const VERIFY_BROKEN_MAX = 1_000;
/** Verifications running at once in this process: each reads the whole log. */
export const VERIFICATIONS_RUNNING_MAX = 2;

/**
 * Integrity (SPEC §12): the auditor's full check of every stream chain and the global chain,
 * and the published head of the global chain that anyone may keep.
 */
@Controller()
export class AuditController {
  private running = 0;

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  /** A check that writes nothing: 200, not 201. */
  @Post('api/audit/verify')
  @HttpCode(200)
  @Roles('auditor')
  async verify(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<VerifyAnswer> {
    const { regionCode, anchor } = parseBody(verifyBody, body ?? {});
    if (regionCode !== undefined) assertRegionAccess(principal, regionCode);
    const prefixes = regionCode !== undefined
      ? [regionCode]
      : principal.role === 'admin' ? undefined : principal.regions;
    const store = this.runtime.store;
    if (!store.verifyLog) throw notFound('global chain', `of the ${store.kind} store`);
    // A stream whose events name no region (all of them removed) is shown to every auditor.
    const includeStream = (codes: readonly string[]) =>
      prefixes === undefined || codes.length === 0 ||
      codes.some((code) => prefixes.some((prefix) => code.startsWith(prefix)));
    if (this.running >= VERIFICATIONS_RUNNING_MAX) {
      throw new DomainError('TOO_MANY_REQUESTS', 'verifications are running; try again later');
    }
    this.running += 1;
    const result = await store
      .verifyLog({ ...(anchor ? { anchor } : {}), includeStream })
      .finally(() => (this.running -= 1));
    const { verified, streams, events, headPosition } = result;
    const broken = result.broken.slice(0, VERIFY_BROKEN_MAX);
    return { verified, streams, events, headPosition, broken };
  }

  @Get('api/public/integrity')
  @Public()
  async integrity(): Promise<{ headPosition: number; globalHash: string; at: string }> {
    const store = this.runtime.store;
    if (!store.logHead) throw notFound('global chain', `of the ${store.kind} store`);
    const head = await store.logHead();
    return { ...head, at: this.runtime.clock().toISOString() };
  }
}
