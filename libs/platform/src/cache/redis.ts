import type { Redis } from 'ioredis';
import { sha256Hex } from '../idempotency/port';
import type { ResultCache } from './port';

/** How long a cached answer lives in Redis; a newer position makes it unreachable sooner. */
export const REDIS_CACHE_TTL_MS_DEFAULT = 10 * 60 * 1000;
/** Answers larger than this (serialised) are not stored. */
export const REDIS_CACHE_VALUE_BYTES_MAX_DEFAULT = 1024 * 1024;

export interface RedisResultCacheOptions<T> {
  /** Checks what comes back from Redis, which another instance or version may have written. */
  parse: (value: unknown) => T;
  keyPrefix?: string;
  ttlMs?: number;
  valueBytesMax?: number;
}

/**
 * A cache shared by several instances (the fleet): JSON values with an expiry, under keys
 * hashed to a fixed length. Values too large to be worth the round trip are not stored.
 */
export class RedisResultCache<T> implements ResultCache<T> {
  readonly kind = 'redis';
  readonly ttlMs: number;
  readonly valueBytesMax: number;
  private readonly keyPrefix: string;

  /** The client belongs to the caller, who closes it. */
  constructor(
    private readonly redis: Redis,
    private readonly options: RedisResultCacheOptions<T>,
  ) {
    this.keyPrefix = options.keyPrefix ?? 'sunshine:cache:';
    this.ttlMs = options.ttlMs ?? REDIS_CACHE_TTL_MS_DEFAULT;
    this.valueBytesMax = options.valueBytesMax ?? REDIS_CACHE_VALUE_BYTES_MAX_DEFAULT;
  }

  /** The Redis key of a cache key. */
  redisKey(key: string): string {
    return this.keyPrefix + sha256Hex(key);
  }

  async get(key: string): Promise<T | undefined> {
    const raw = await this.redis.get(this.redisKey(key));
    if (raw === null) return undefined;
    return this.options.parse(JSON.parse(raw));
  }

  async set(key: string, value: T): Promise<void> {
    const json = JSON.stringify(value);
    if (Buffer.byteLength(json) > this.valueBytesMax) return;
    await this.redis.set(this.redisKey(key), json, 'PX', this.ttlMs);
  }
}
