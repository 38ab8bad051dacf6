import { startTestPostgres, type TestPostgres } from '@sunshine/test-backends';
import { Client } from 'pg';
import { PostgresIdempotencyStore } from './postgres';
import { idempotencyStoreContract } from '../testing/idempotency-store-contract';

let postgres: TestPostgres;

beforeAll(async () => {
  postgres = await startTestPostgres();
});
afterAll(async () => {
  await postgres.stop();
});

describe('PostgresIdempotencyStore', () => {
  idempotencyStoreContract(() => PostgresIdempotencyStore.open(postgres.url));

  it('reclaims a pending key whose reservation expired (a crashed request)', async () => {
    const store = await PostgresIdempotencyStore.open(postgres.url, { pendingTtlMs: 1 });
    try {
      await store.reserve('crashed', 'f1');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await store.reserve('crashed', 'f2')).toEqual({ outcome: 'reserved' });
    } finally {
      await store.close();
    }
  });

  it('keeps a completed key for the retention period', async () => {
    const store = await PostgresIdempotencyStore.open(postgres.url);
    const client = new Client({ connectionString: postgres.url });
    await client.connect();
    try {
      await store.reserve('kept', 'f1');
      await store.complete('kept', { status: 201, body: {} });
      const { rows } = await client.query(
        `SELECT expires_at > now() + interval '6 days' AS long FROM idempotency_keys
         WHERE key = 'kept'`,
      );
      expect(rows[0]?.long).toBe(true);
    } finally {
      await client.end();
      await store.close();
    }
  });
});
