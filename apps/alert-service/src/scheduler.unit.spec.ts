import type { ScanResult } from '@sunshine/alerts';
import { ScanScheduler, type LockClient } from './scheduler';

const quietLogger = { info: () => undefined, error: () => undefined };

function result(asOf: string): ScanResult {
  return { asOf, found: 0, queued: 0, raised: 0, existing: 0, dismissed: 0, failed: 0 };
}

/** A lock that behaves like Redis SET NX PX on one key, with time frozen. */
class OneKeyLock implements LockClient {
  holder: string | undefined;
  async set(_key: string, value: string): Promise<string | null> {
    if (this.holder !== undefined) return null;
    this.holder = value;
    return 'OK';
  }
}

describe('ScanScheduler', () => {
  it('scans as of today on every tick when it is the only scheduler', async () => {
    const scanned: string[] = [];
    const scheduler = new ScanScheduler({
      intervalMs: 60_000,
      scan: async (asOf) => (scanned.push(asOf), result(asOf)),
      today: () => '2024-09-01',
      logger: quietLogger,
    });
    expect(await scheduler.tick()).toBe(true);
    expect(await scheduler.tick()).toBe(true);
    expect(scanned).toEqual(['2024-09-01', '2024-09-01']);
  });

  it('lets one scheduler of a fleet scan while the lock is held', async () => {
    const lock = new OneKeyLock();
    let scans = 0;
    const make = () =>
      new ScanScheduler({
        intervalMs: 60_000,
        scan: async (asOf) => (scans++, result(asOf)),
        today: () => '2024-09-01',
        logger: quietLogger,
        redis: lock,
      });
    const ran = await Promise.all([make().tick(), make().tick(), make().tick()]);
    expect(ran.filter(Boolean)).toHaveLength(1);
    expect(scans).toBe(1);
  });

  it('skips a tick when the lock cannot be reached, and survives a failing scan', async () => {
    const broken: LockClient = { set: async () => Promise.reject(new Error('redis down')) };
    const unlocked = new ScanScheduler({
      intervalMs: 60_000,
      scan: async (asOf) => result(asOf),
      today: () => '2024-09-01',
      logger: quietLogger,
      redis: broken,
    });
    expect(await unlocked.tick()).toBe(false);
    const failing = new ScanScheduler({
      intervalMs: 60_000,
      scan: async () => Promise.reject(new Error('database gone')),
      today: () => '2024-09-01',
      logger: quietLogger,
    });
    await expect(failing.tick()).resolves.toBe(true);
  });
});
