import { startTestApp, TEST_APP_BOOT_TIMEOUT_MS, type TestApp } from '@sunshine/testing';
import { FundsServiceModule } from '../funds-service.module';
import { countyTokens, fundWithAllocation } from './fixtures';
import { csvOf, rowsOf } from './money-files';

/** SPEC §11 memory bound: the largest batch imports without the process growing 500 MB. */
const RSS_GROWTH_BYTES_MAX = 500 * 1024 * 1024;
const SAMPLE_INTERVAL_MS = 20;

jest.setTimeout(600_000);

describe('a 100,000-row payment batch (postgres store)', () => {
  let app: TestApp;
  let tokens: ReturnType<typeof countyTokens>;

  beforeAll(async () => {
    app = await startTestApp({ store: 'postgres',
      modules: (rt) => [FundsServiceModule.register(rt)] });
    tokens = countyTokens(app);
  }, TEST_APP_BOOT_TIMEOUT_MS);
  afterAll(async () => app?.close());

  it('imports from CSV with the process growing less than 500 MB', async () => {
    const { fundId, allocationId } = await fundWithAllocation(app, tokens.finance,
      { fundFen: 10_000_000, allocationFen: 10_000_000 });
    const csv = csvOf(rowsOf(100_000, allocationId));
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, SAMPLE_INTERVAL_MS);
    try {
      const answer = await app.request('POST',
        `/api/funds/${fundId}/payment-batches?paidOn=2024-03-05&channel=bank`,
        { token: tokens.finance, rawBody: csv, headers: { 'content-type': 'text/csv' } });
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({ rows: 100_000, totalFen: 1_000_000, version: 100_003 });
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    process.stdout.write(`100,000-row batch: RSS ${Math.round(before / 2 ** 20)} MB before, ` +
      `peak ${Math.round(peak / 2 ** 20)} MB\n`);
    expect(peak - before).toBeLessThan(RSS_GROWTH_BYTES_MAX);
  });
});
