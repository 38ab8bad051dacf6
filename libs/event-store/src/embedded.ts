import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { ProtocolCycleQueue } from './protocol-cycle-queue';

/**
 * The embedded PostgreSQL: PGlite (PostgreSQL compiled to WebAssembly) persisted under
 * `${dataDir}/pg` and served on 127.0.0.1 over the PostgreSQL wire protocol, so the same
 * `pg`-based adapter (and TypeORM) run against it unchanged.
 *
 * All connections share PGlite's single backend: the socket server queues messages and
 * keeps a connection's protocol cycle and transaction exclusive until they end (see
 * ProtocolCycleQueue), so statements and transactions run one at a time. Hence: keep
 * transactions short, never `SET` (settings leak between connections),
 * never `LISTEN/NOTIFY` (use `onAppended`), never `COPY FROM STDIN` (multi-row INSERTs).
 *
 * Measured through `pg` on the shared 2-core machine under heavy load (embedded.int.spec.ts
 * prints it): single-event appends with a checked expected version at 20-80 events/s
 * depending on concurrency, bulk imports at 1,200-2,000 events/s (one transaction carries
 * thousands of rows). See the README for details; for throughput use EVENT_STORE=postgres.
 */

/** Connections the socket server accepts at once (each `pg` pool connection is one). */
export const EMBEDDED_CONNECTIONS_MAX = 20;

export interface EmbeddedPostgres {
  /** A `postgres://` URL for `pg`, TypeORM or any PostgreSQL client. */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgres> {
  const dataPath = join(options.dataDir, 'pg');
  await mkdir(dataPath, { recursive: true });
  const db = await PGlite.create({ dataDir: dataPath });
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: options.port ?? 0,
    maxConnections: EMBEDDED_CONNECTIONS_MAX,
  });
  // The server's own queue interleaves extended-protocol messages of different connections;
  // it hands this queue to every connection it accepts.
  const queue = new ProtocolCycleQueue(db);
  (server as unknown as { queryQueue: ProtocolCycleQueue }).queryQueue = queue;
  try {
    await server.start();
  } catch (error) {
    await db.close();
    throw error;
  }
  const [host, port] = server.getServerConn().split(':');
  return {
    url: `postgres://postgres@${host}:${port}/postgres?sslmode=disable`,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}
