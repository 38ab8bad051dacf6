import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection, Pool } from 'pg';
import type { EmbeddedPostgres } from './embedded';
import { startEmbeddedPostgresProcess } from './embedded-process';

/** The parts of pg's wire connection the cycle test drives by hand. */
interface ProtocolConnection {
  parse(query: { text: string; types: unknown[] }): void;
  bind(config: { values: unknown[] }): void;
  execute(config: object): void;
  flush(): void;
  sync(): void;
  end(): void;
  once(event: string, listener: (...args: never[]) => void): void;
}

const CONNECTIONS = 16;
const CYCLE_WAIT_MS = 15_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function within<T>(promise: Promise<T>): Promise<T | 'timed out'> {
  return Promise.race([promise, sleep(CYCLE_WAIT_MS).then(() => 'timed out' as const)]);
}

/** A bare wire connection (no pg Client on top), so the test can pace protocol messages. */
async function openRawConnection(url: string): Promise<ProtocolConnection> {
  const { hostname, port, pathname } = new URL(url);
  const connection = new Connection() as unknown as ProtocolConnection & {
    connect(port: number, host: string): void;
    startup(config: Record<string, string>): void;
  };
  const ready = new Promise<void>((resolve) => connection.once('readyForQuery', () => resolve()));
  connection.once('connect', () =>
    connection.startup({ user: 'postgres', database: pathname.slice(1) || 'postgres' }),
  );
  connection.connect(Number(port), hostname);
  await ready;
  return connection;
}
const QUERIES = 2000;

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
            : await pool.query<{ v: string }>(
                'SELECT $1::text || $2::text AS v FROM generate_series(1, $3::int)',
                ['q', `${i}`, (i % 50) + 1],
              );
        return result.rows[result.rows.length - 1]?.v;
      }),
    );
    expect(answers).toEqual(Array.from({ length: QUERIES }, (_, i) => `q${i}`));
  });

  it('keeps an extended-protocol cycle whole when its messages arrive apart', async () => {
    // Parse and Bind reach the server in separate packets, with another connection's whole
    // query in between; the backend must finish the first cycle before serving the second.
    const connection = await openRawConnection(server.url);
    try {
      const outcome = new Promise<string>((resolve) => {
        connection.once('errorMessage', (error: Error) => resolve(`error: ${error.message}`));
        connection.once('dataRow', (row: { fields: unknown[] }) => resolve(String(row.fields[0])));
      });
      connection.parse({ text: 'SELECT $1::text AS v', types: [] });
      connection.flush();
      await sleep(50);
      const other = pool.query<{ v: string }>('SELECT $1::text || $2::text AS v', ['o', 'k']);
      await sleep(50);
      connection.bind({ values: ['mine'] });
      connection.execute({});
      connection.sync();
      expect(await within(outcome)).toBe('mine');
      expect(await within(other.then((result) => result.rows[0]?.v))).toBe('ok');
    } finally {
      connection.end();
    }
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
