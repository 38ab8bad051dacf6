import type { DataSource } from 'typeorm';
import { startTestPostgres, type TestPostgres } from '@sunshine/testing';
import { analyzeStaleTables, ensureReadModelSchema, openLedgerDataSource } from './index';

const SCHEMA = 'ledger_stats';

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('read-model schema start-up', () => {
  let server: TestPostgres;
  let db: DataSource;

  beforeAll(async () => {
    server = await startTestPostgres();
    db = await openLedgerDataSource(server.url, SCHEMA);
  });

  afterAll(async () => {
    await db.destroy();
    await server.stop();
  });

  const modified = async (): Promise<number> => {
    const rows: { n: string }[] = await db.query(
      `SELECT n_mod_since_analyze AS n FROM pg_stat_user_tables
       WHERE schemaname = $1 AND relname = 'timeline'`,
      [SCHEMA],
    );
    return Number(rows[0]?.n ?? 0);
  };

  it('analyses at start-up the tables loaded since their last ANALYZE', async () => {
    await db.query(
      `INSERT INTO ${SCHEMA}.timeline
       SELECT 'e' || n, '320826100201', 'HouseholdPaid', '2024-01-01', n, 'fund-f1', n,
         NULL, NULL, NULL, NULL, 100, 0, '{}'::jsonb
       FROM generate_series(1, 3000) AS n`,
    );
    // The server counts changed rows once the writing session reports them (idle or ending).
    await waitUntil(async () => (await modified()) >= 3_000, 20_000);
    await ensureReadModelSchema(db, SCHEMA);
    expect(await modified()).toBe(0);
    const [row]: { rows: number }[] = await db.query(
      `SELECT reltuples::float8 AS rows FROM pg_class WHERE oid = to_regclass($1)`,
      [`${SCHEMA}.timeline`],
    );
    expect(row?.rows).toBe(3_000);
    expect(await analyzeStaleTables(db, SCHEMA)).toEqual([]);
  });
});
