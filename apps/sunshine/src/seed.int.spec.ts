import { loadConfig, createRuntime, type Runtime } from '@sunshine/platform';
import {
  DEMO_COUNTY, generateCounty, startTestPostgres, type TestPostgres,
} from '@sunshine/testing';
import { seedDemoCounty } from './seed';

const SEED_TIMEOUT_MS = 120_000;
let postgres: TestPostgres;

beforeAll(async () => {
  postgres = await startTestPostgres();
}, SEED_TIMEOUT_MS);
afterAll(async () => {
  await postgres.stop();
});

async function withRuntime<T>(env: Record<string, string>, run: (r: Runtime) => Promise<T>) {
  const runtime = await createRuntime(loadConfig({
    EVENT_STORE: 'postgres', DATABASE_URL: postgres.url, LOG_LEVEL: 'silent', ...env,
  }));
  try {
    return await run(runtime);
  } finally {
    await runtime.close();
  }
}

describe('seedDemoCounty', () => {
  it('adds nothing when SUNSHINE_DEMO=0', async () => {
    const seeded = await withRuntime({ SUNSHINE_DEMO: '0' }, seedDemoCounty);
    expect(seeded).toBe(0);
    expect(await withRuntime({}, (r) => r.store.headPosition())).toBe(0);
  }, SEED_TIMEOUT_MS);

  it('fills an empty store with the whole demo county, once', async () => {
    let expected = 0;
    for (const stream of generateCounty(DEMO_COUNTY)) expected += stream.events.length;
    const first = await withRuntime({}, seedDemoCounty);
    expect(first).toBe(expected);
    const second = await withRuntime({}, seedDemoCounty);
    expect(second).toBe(0);
    const head = await withRuntime({}, (r) => r.store.headPosition());
    expect(head).toBe(expected);
  }, SEED_TIMEOUT_MS);
});
