import { startTestRedis, type TestRedis } from '@sunshine/test-backends';
import { Redis } from 'ioredis';
import {
  MemoryRateLimiter,
  REPORT_WINDOW_MS,
  RedisRateLimiter,
  type RateLimiter,
} from './report-rate-limit';

const PER_HOUR = 3;
const T0 = Date.parse('2024-05-01T08:00:00Z');

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

const limiters: [string, () => RateLimiter][] = [
  ['memory', () => new MemoryRateLimiter(PER_HOUR)],
  ['Redis', () => new RedisRateLimiter(client, PER_HOUR, redisServer.keyPrefix)],
];

describe.each(limiters)('the %s report limiter', (_name, open) => {
  it('allows the hourly number per address, refuses the next, forgets after an hour', async () => {
    const limiter = open();
    const address = `10.0.0.${Math.floor(Math.random() * 250)}-${Date.now()}`;
    const answers: boolean[] = [];
    for (let i = 0; i < PER_HOUR + 1; i += 1) answers.push(await limiter.take(address, T0 + i));
    expect(answers).toEqual([true, true, true, false]);
    expect(await limiter.take(`${address}-other`, T0)).toBe(true);
    // An hour after the first, one place is free again (the refused attempt did not count).
    const later = T0 + REPORT_WINDOW_MS;
    expect(await limiter.take(address, later)).toBe(true);
    expect(await limiter.take(address, later)).toBe(false);
  });

  it('lets no more than the limit through when requests race', async () => {
    const limiter = open();
    const address = `racer-${Date.now()}`;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => limiter.take(address, T0)),
    );
    expect(answers.filter(Boolean)).toHaveLength(PER_HOUR);
  });
});
