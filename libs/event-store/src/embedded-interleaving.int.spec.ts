import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import type { EmbeddedPostgres } from './embedded';
import { startEmbeddedPostgresProcess } from './embedded-process';

const CONNECTIONS = 8;
const QUERIES = 400;

describe('embedded PostgreSQL shared by many connections', () => {
  let dataDir: string;
  let server: EmbeddedPostgres;
  let pool: Pool;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sunshine-embedded-'));
    server = await startEmbeddedPostgresProcess(dataDir);
    pool = new Pool({ connectionString: server.url, max: CONNECTIONS });
  });

  afterAll(async () => {
    await pool.end();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers each concurrent parameterised query with its own result', async () => {
    // Statements of different shapes make interleaved Parse/Bind messages fail loudly.
    const answers = await Promise.all(
      Array.from({ length: QUERIES }, async (_, i) => {
        const result =
          i % 2 === 0
            ? await pool.query<{ v: string }>('SELECT $1::text AS v', [`q${i}`])
            : await pool.query<{ v: string }>('SELECT $1::text || $2::text AS v', ['q', `${i}`]);
        return result.rows[0]?.v;
      }),
    );
    expect(answers).toEqual(Array.from({ length: QUERIES }, (_, i) => `q${i}`));
  });

  it('keeps a transaction to itself while other connections query', async () => {
    await pool.query('CREATE TABLE IF NOT EXISTS t_isolation (n int)');
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('INSERT INTO t_isolation VALUES (1)');
      const outside = pool.query<{ c: string }>('SELECT count(*)::text AS c FROM t_isolation');
      await client.query('ROLLBACK');
      expect((await outside).rows[0]?.c).toBe('0');
    } finally {
      client.release();
    }
  });
});
