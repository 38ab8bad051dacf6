import { startTestRedis, type TestRedis } from '@sunshine/test-backends';
import { Redis } from 'ioredis';
import { RedisIdempotencyStore } from './redis';
import { idempotencyStoreContract } from '../testing/idempotency-store-contract';

let redisServer: TestRedis;
const clients: Redis[] = [];

beforeAll(async () => {
  redisServer = await startTestRedis();
});
afterAll(async () => {
  const cleaner = new Redis(redisServer.url);
  const keys = await cleaner.keys(`${redisServer.keyPrefix}*`);
  if (keys.length > 0) await cleaner.del(...keys);
  await cleaner.quit();
  await Promise.all(clients.map((client) => client.quit()));
  await redisServer.stop();
});

function open(pendingTtlMs?: number): Promise<RedisIdempotencyStore> {
  const client = new Redis(redisServer.url);
  clients.push(client);
  return Promise.resolve(
    new RedisIdempotencyStore(client, { keyPrefix: redisServer.keyPrefix, pendingTtlMs }),
  );
}

describe('RedisIdempotencyStore', () => {
  idempotencyStoreContract(() => open());

  it('reclaims a pending key whose reservation expired (a crashed request)', async () => {
    const store = await open(5);
    await store.reserve('crashed', 'f1');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await store.reserve('crashed', 'f2')).toEqual({ outcome: 'reserved' });
  });

  it('sets the retention period as the key expiry once complete', async () => {
    const store = await open();
    await store.reserve('kept', 'f1');
    await store.complete('kept', { status: 201, body: {} });
    const ttlMs = await (clients[clients.length - 1] as Redis).pttl(`${redisServer.keyPrefix}kept`);
    expect(ttlMs).toBeGreaterThan(6 * 24 * 3600 * 1000);
  });
});
