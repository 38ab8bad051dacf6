import { createHash, randomUUID } from 'node:crypto';
import { DomainError } from '@sunshine/domain';
import { intParam, type Runtime } from '@sunshine/platform';
import type { Redis } from 'ioredis';

/**
 * At most REPORTS_PER_HOUR public reports from one client address in any hour (SPEC §12),
 * a sliding window. Redis holds the windows when the deployment has it, so every instance
 * counts alike; the one-process host keeps them in memory. Addresses are kept only as
 * SHA-256 digests.
 */

export const REPORTS_PER_HOUR_DEFAULT = 10;
export const REPORT_WINDOW_MS = 60 * 60 * 1000;
/** Addresses remembered in memory; the least recently seen are forgotten beyond it. */
export const RATE_LIMIT_ADDRESSES_MAX = 100_000;
const REDIS_KEY_PREFIX = 'sunshine:report-rate:';

export interface RateLimiter {
  /** Counts one attempt; false when the address had used up its window already. */
  take(address: string, nowMs: number): Promise<boolean>;
}

const digest = (address: string) => createHash('sha256').update(address).digest('hex');

export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, number[]>();

  constructor(private readonly perWindow: number) {}

  async take(address: string, nowMs: number): Promise<boolean> {
    const key = digest(address);
    const recent = (this.windows.get(key) ?? []).filter((at) => at > nowMs - REPORT_WINDOW_MS);
    this.windows.delete(key);
    const allowed = recent.length < this.perWindow;
    if (allowed) recent.push(nowMs);
    this.windows.set(key, recent);
    for (const [oldest] of this.windows) {
      if (this.windows.size <= RATE_LIMIT_ADDRESSES_MAX) break;
      this.windows.delete(oldest);
    }
    return allowed;
  }
}

export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly perWindow: number,
    private readonly keyPrefix = REDIS_KEY_PREFIX,
  ) {}

  /** Adds first and counts in one transaction, so racing instances never both slip in. */
  async take(address: string, nowMs: number): Promise<boolean> {
    const key = `${this.keyPrefix}${digest(address)}`;
    const member = `${nowMs}:${randomUUID()}`;
    const results = await this.redis
      .multi()
      .zremrangebyscore(key, 0, nowMs - REPORT_WINDOW_MS)
      .zadd(key, nowMs, member)
      .zcard(key)
      .pexpire(key, REPORT_WINDOW_MS)
      .exec();
    const count = Number(results?.[2]?.[1] ?? Number.POSITIVE_INFINITY);
    if (count <= this.perWindow) return true;
    await this.redis.zrem(key, member);
    return false;
  }
}

export function createReportRateLimiter(runtime: Runtime): RateLimiter {
  const perWindow = intParam(runtime.config, 'REPORTS_PER_HOUR', REPORTS_PER_HOUR_DEFAULT);
  return runtime.redis
    ? new RedisRateLimiter(runtime.redis, perWindow)
    : new MemoryRateLimiter(perWindow);
}

export async function assertWithinRate(
  limiter: RateLimiter,
  address: string,
  nowMs: number,
): Promise<void> {
  if (await limiter.take(address, nowMs)) return;
  throw new DomainError('TOO_MANY_REQUESTS', 'too many reports from this address in an hour', [
    { path: 'address', message: 'try again later' },
  ]);
}
