import { startTestRedis, type TestRedis } from '@sunshine/test-backends';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { CachedComputation } from './cached';
import { RedisResultCache } from './redis';

const answerSchema = z.object({ total: z.number(), children: z.array(z.string()) });
type Answer = z.infer<typeof answerSchema>;

let redisServer: TestRedis;
let client: Redis;

beforeAll(async () => {
  redisServer = await startTestRedis();
  client = new Redis(redisServer.url);
});
afterAll(async () => {
  const keys = await client.keys(`${redisServer.keyPrefix}*`);
  if (keys.length > 0) await client.del(...keys);
  await client.quit();
  await redisServer.stop();
});

function open(options: { ttlMs?: number; valueBytesMax?: number } = {}) {
  return new RedisResultCache<Answer>(client, {
    parse: (value) => answerSchema.parse(value),
    keyPrefix: redisServer.keyPrefix,
    ...options,
  });
}

describe('RedisResultCache', () => {
  it('gives back what was stored, and nothing for a key never stored', async () => {
    const cache = open();
    await cache.set('summary|320826|p=7', { total: 12, children: ['320826100'] });
    expect(await cache.get('summary|320826|p=7')).toEqual({ total: 12, children: ['320826100'] });
    expect(await cache.get('summary|320826|p=8')).toBeUndefined();
  });

  it('shares answers between instances on one Redis (the fleet)', async () => {
    let computed = 0;
    const compute = async () => {
      computed += 1;
      return { total: 1, children: [] };
    };
    const first = new CachedComputation(open());
    const second = new CachedComputation(open());
    await first.get('shared', compute);
    // The first instance does not wait for its write; let it land.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await second.get('shared', compute)).toEqual({ total: 1, children: [] });
    expect(computed).toBe(1);
    expect(second.counts.hits).toBe(1);
  });

  it('stores a value with the TTL as its expiry', async () => {
    const cache = open({ ttlMs: 60_000 });
    await cache.set('ttl', { total: 1, children: [] });
    const ttlMs = await client.pttl(cache.redisKey('ttl'));
    expect(ttlMs).toBeGreaterThan(50_000);
    expect(ttlMs).toBeLessThanOrEqual(60_000);
  });

  it('expires a value after its TTL', async () => {
    const cache = open({ ttlMs: 20 });
    await cache.set('short', { total: 1, children: [] });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await cache.get('short')).toBeUndefined();
  });

  it('does not store a value larger than valueBytesMax', async () => {
    const cache = open({ valueBytesMax: 100 });
    await cache.set('big', { total: 1, children: Array(50).fill('320826100201') });
    await cache.set('small', { total: 1, children: [] });
    expect(await client.exists(cache.redisKey('big'))).toBe(0);
    expect(await cache.get('small')).toEqual({ total: 1, children: [] });
  });

  it('treats a value that fails its schema as a miss and computes instead', async () => {
    const cache = open();
    await client.set(cache.redisKey('foreign'), JSON.stringify({ total: 'not a number' }));
    await expect(cache.get('foreign')).rejects.toThrow();
    const cached = new CachedComputation(cache);
    expect(await cached.get('foreign', async () => ({ total: 3, children: [] }))).toEqual({
      total: 3,
      children: [],
    });
    expect(cached.counts.errors).toBe(1);
  });
});
