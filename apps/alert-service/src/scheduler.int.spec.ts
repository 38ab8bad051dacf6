import { startTestRedis, type TestRedis } from '@sunshine/testing';
import { Redis } from 'ioredis';
import type { ScanResult } from '@sunshine/alerts';
import { ScanScheduler } from './scheduler';

const quietLogger = { info: () => undefined, error: () => undefined };
const INTERVAL_MS = 2_000;

describe('ScanScheduler with a real Redis lock', () => {
  let redis: TestRedis;
  let clients: Redis[];

  beforeAll(async () => {
    redis = await startTestRedis();
    clients = [new Redis(redis.url), new Redis(redis.url)];
  });

  afterAll(async () => {
    await clients[0]!.del(`${redis.keyPrefix}scan-lock`);
    await Promise.all(clients.map((c) => c.quit()));
    await redis.stop();
  });

  it('lets one of two instances scan per interval, and either once the lock lapses', async () => {
    let scans = 0;
    const schedulers = clients.map(
      (client) =>
        new ScanScheduler({
          intervalMs: INTERVAL_MS,
          scan: async (asOf): Promise<ScanResult> => {
            scans += 1;
            return { asOf, found: 0, queued: 0, raised: 0, existing: 0, dismissed: 0, failed: 0 };
          },
          today: () => '2024-09-01',
          logger: quietLogger,
          redis: client,
          lockKey: `${redis.keyPrefix}scan-lock`,
        }),
    );
    const first = await Promise.all(schedulers.map((s) => s.tick()));
    expect(first.filter(Boolean)).toHaveLength(1);
    expect(scans).toBe(1);
    const ttlMs = await clients[0]!.pttl(`${redis.keyPrefix}scan-lock`);
    expect(ttlMs).toBeGreaterThan(0);
    expect(ttlMs).toBeLessThan(INTERVAL_MS);
    await new Promise((resolve) => setTimeout(resolve, ttlMs + 50));
    const second = await Promise.all(schedulers.map((s) => s.tick()));
    expect(second.filter(Boolean)).toHaveLength(1);
    expect(scans).toBe(2);
  });
});
