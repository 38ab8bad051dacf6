import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A lease for a singleton worker. Whoever holds it may act until `validUntilMs`; the holder
 * renews it well before then, and a holder that cannot renew must stop acting.
 */
export interface SingletonLock {
  /** Takes the lease when free; true when this instance holds it now. */
  tryAcquire(): Promise<boolean>;
  /** Extends the lease; false when it was lost (expired and taken, or deleted). */
  renew(): Promise<boolean>;
  release(): Promise<void>;
  readonly ttlMs: number;
}

export const LOCK_TTL_MS_DEFAULT = 10_000;
export const LOCK_TTL_MS_MIN = 500;

// Renew and release only while the key still holds our token: after an expiry another
// instance may own the key, and a blind PEXPIRE or DEL would extend or steal its lease.
const RENEW_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1]) else return 0 end`;

/** SET key token NX PX ttl; the random token makes the lease this instance's alone. */
export class RedisLock implements SingletonLock {
  readonly token = randomUUID();

  constructor(
    private readonly redis: Redis,
    readonly key: string,
    readonly ttlMs: number = LOCK_TTL_MS_DEFAULT,
  ) {
    if (!Number.isInteger(ttlMs) || ttlMs < LOCK_TTL_MS_MIN) {
      throw new Error(`lock ttlMs must be an integer ≥ ${LOCK_TTL_MS_MIN}`);
    }
  }

  async tryAcquire(): Promise<boolean> {
    const set = await this.redis.set(this.key, this.token, 'PX', this.ttlMs, 'NX');
    if (set === 'OK') return true;
    // Holding it already (a re-acquire after a missed renewal that had not yet expired).
    return this.renew();
  }

  async renew(): Promise<boolean> {
    const renewed = await this.redis.eval(RENEW_SCRIPT, 1, this.key, this.token, this.ttlMs);
    return renewed === 1;
  }

  async release(): Promise<void> {
    await this.redis.eval(RELEASE_SCRIPT, 1, this.key, this.token);
  }
}
