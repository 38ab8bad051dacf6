import { startTestApp, TEST_APP_BOOT_TIMEOUT_MS, type TestApp } from '@sunshine/testing';
import { FundsServiceModule } from '../funds-service.module';
import { allocationBody, countyTokens, created, fundBody } from './fixtures';
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
    const csv = csvOf(rowsOf(100_000, 'al-1'));
    const fund = created(await app.request('POST', '/api/funds',
      { token: tokens.finance, body: fundBody({ amountFen: 10_000_000 }) }));
    const fundId = fund.id;
    created(await app.request('POST', `/api/funds/${fundId}/allocations`, { token: tokens.finance,
      body: allocationBody({ allocationId: 'al-1', amountFen: 10_000_000 }) }));
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
