import type { Redis } from 'ioredis';
import { z } from 'zod';
import {
  IDEMPOTENCY_PENDING_TTL_MS,
  IDEMPOTENCY_RETENTION_MS,
  type IdempotencyRecord,
  type IdempotencyStore,
  reserveWithRetry,
  type ReserveOutcome,
  type StoredResponse,
} from './port';

/**
 * Idempotency keys in Redis for the distributed deployment: `SET NX` is the reservation,
 * so every service instance agrees on who runs a request.
 */

const recordSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('pending'), fingerprint: z.string() }),
  z.object({
    state: z.literal('done'),
    fingerprint: z.string(),
    response: z.object({ status: z.number().int(), body: z.unknown() }),
  }),
]);

/** Deletes the key only while it is still pending, so a finished response is never lost. */
const RELEASE_IF_PENDING = `
local value = redis.call('GET', KEYS[1])
if value and string.find(value, '"state":"pending"', 1, true) then
  return redis.call('DEL', KEYS[1])
end
return 0`;

export interface RedisIdempotencyOptions {
  keyPrefix?: string;
  retentionMs?: number;
  pendingTtlMs?: number;
}

export class RedisIdempotencyStore implements IdempotencyStore {
  readonly kind = 'redis';
  private readonly keyPrefix: string;
  private readonly retentionMs: number;
  private readonly pendingTtlMs: number;

  /** The client belongs to the caller, who closes it. */
  constructor(private readonly redis: Redis, options: RedisIdempotencyOptions = {}) {
    this.keyPrefix = options.keyPrefix ?? 'sunshine:idem:';
    this.retentionMs = options.retentionMs ?? IDEMPOTENCY_RETENTION_MS;
    this.pendingTtlMs = options.pendingTtlMs ?? IDEMPOTENCY_PENDING_TTL_MS;
  }

  async reserve(key: string, fingerprint: string): Promise<ReserveOutcome> {
    return reserveWithRetry(() => this.reserveOnce(key, fingerprint));
  }

  private async reserveOnce(key: string, fingerprint: string): Promise<ReserveOutcome | null> {
    const pending: IdempotencyRecord = { state: 'pending', fingerprint };
    const name = this.keyPrefix + key;
    const set = await this.redis.set(name, JSON.stringify(pending), 'PX', this.pendingTtlMs, 'NX');
    if (set === 'OK') return { outcome: 'reserved' };
    const raw = await this.redis.get(name);
    // The holder released it or it expired in between.
    if (raw === null) return null;
    return { outcome: 'existing', record: recordSchema.parse(JSON.parse(raw)) };
  }

  async complete(key: string, response: StoredResponse): Promise<void> {
    const raw = await this.redis.get(this.keyPrefix + key);
    if (raw === null) return;
    const { fingerprint } = recordSchema.parse(JSON.parse(raw));
    const done: IdempotencyRecord = { state: 'done', fingerprint, response };
    await this.redis.set(this.keyPrefix + key, JSON.stringify(done), 'PX', this.retentionMs);
  }

  async release(key: string): Promise<void> {
    await this.redis.eval(RELEASE_IF_PENDING, 1, this.keyPrefix + key);
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    // The Redis client is shared with the runtime, which closes it.
  }
}
