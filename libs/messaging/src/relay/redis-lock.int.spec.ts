import { RedisLock } from '.';
import { startTestRedis, type TestRedis } from '@sunshine/testing';
import { Redis } from 'ioredis';

describe('RedisLock', () => {
  let server: TestRedis;
  let redis: Redis;
  let key: string;

  beforeAll(async () => {
    server = await startTestRedis();
    redis = new Redis(server.url);
  });

  beforeEach(() => {
    key = `${server.keyPrefix}lock-${Math.random()}`;
  });

  afterAll(async () => {
    const keys = await redis.keys(`${server.keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await server.stop();
  });

  it('is held by one instance at a time', async () => {
    const first = new RedisLock(redis, key, 1_000);
    const second = new RedisLock(redis, key, 1_000);
    expect(await first.tryAcquire()).toBe(true);
    expect(await second.tryAcquire()).toBe(false);
    expect(await first.tryAcquire()).toBe(true);
    expect(await redis.get(key)).toBe(first.token);
  });

  it('renewal extends the lease only for its holder', async () => {
    const holder = new RedisLock(redis, key, 1_000);
    const other = new RedisLock(redis, key, 1_000);
    await holder.tryAcquire();
    await redis.pexpire(key, 100);
    expect(await holder.renew()).toBe(true);
    expect(await redis.pttl(key)).toBeGreaterThan(500);
    expect(await other.renew()).toBe(false);
    expect(await redis.get(key)).toBe(holder.token);
  });

  it('after expiry another instance takes it and the old holder can no longer renew', async () => {
    const old = new RedisLock(redis, key, 500);
    const next = new RedisLock(redis, key, 500);
    await old.tryAcquire();
    await new Promise((resolve) => setTimeout(resolve, 650));
    expect(await next.tryAcquire()).toBe(true);
    expect(await old.renew()).toBe(false);
    await old.release();
    expect(await redis.get(key)).toBe(next.token);
    await next.release();
    expect(await redis.exists(key)).toBe(0);
  });

  it('refuses a TTL below the minimum', () => {
    expect(() => new RedisLock(redis, key, 100)).toThrow(/ttlMs/);
  });
});
