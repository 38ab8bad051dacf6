import { DataSource } from 'typeorm';
import type { Queryable } from '../schema';
import { EXPORT_PAGE_ROWS } from './paged';

/**
 * One connection held for one export: a read-only REPEATABLE READ transaction, so that
 * every file of the export sees the same snapshot of the read model, and server-side
 * cursors, so that a region's million payments come out of one query plan (a hash join
 * rather than a million index probes) a page at a time, never all at once.
 */

export interface ExportSession extends Queryable {
  release(): Promise<void>;
}

/** A session waiting on a client that stopped reading is ended by the server after this. */
export const SNAPSHOT_IDLE_TIMEOUT_MS = 60_000;

export async function beginSnapshot(session: ExportSession): Promise<void> {
  await session.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  // The whole result is read, so plan for all of it rather than for the first rows.
  await session.query('SET LOCAL cursor_tuple_fraction = 1');
  // Compiling the formatting expressions costs seconds and saves far less on these plans.
  await session.query('SET LOCAL jit = off');
  const timeout = `SET LOCAL idle_in_transaction_session_timeout = ${SNAPSHOT_IDLE_TIMEOUT_MS}`;
  await session.query(timeout);
}

/** Ends the transaction (rolled back: it only read) and gives the connection back. */
export async function endSnapshot(session: ExportSession): Promise<void> {
  try {
    await session.query('ROLLBACK');
  } finally {
    await session.release();
  }
}

const CURSOR_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Pages of rows of `sql` through a cursor named `name`, `fetchRows` at a time. */
export async function* cursorPages<Row>(
  session: ExportSession,
  name: string,
  sql: string,
  params: unknown[],
  parse: (rows: unknown) => Row[],
  fetchRows: number = EXPORT_PAGE_ROWS,
): AsyncGenerator<Row[]> {
  if (!CURSOR_NAME.test(name)) throw new Error(`not a plain cursor name: ${name}`);
  await session.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`, params);
  const fetch = () => {
    const page = session.query(`FETCH ${fetchRows} FROM ${name}`);
    // Awaited below unless the reader stops first; a failure then is the reader's no more.
    page.catch(() => undefined);
    return page;
  };
  let next = fetch();
  for (;;) {
    const rows = parse(await next);
    const more = rows.length === fetchRows;
    // The server produces the next page while this one is formatted and compressed.
    if (more) next = fetch();
    if (rows.length > 0) yield rows;
    if (!more) break;
  }
  await session.query(`CLOSE ${name}`);
}

/** The rows of `cursorPages` one by one, for the resources with few rows. */
export async function* cursorRows<Row>(
  ...args: Parameters<typeof cursorPages<Row>>
): AsyncGenerator<Row> {
  for await (const page of cursorPages(...args)) yield* page;
}

/** Sessions from the read model's pool; a plain Queryable cannot hold a transaction. */
export function poolSessions(db: Queryable): () => Promise<ExportSession> {
  return async () => {
    if (!(db instanceof DataSource)) throw new Error('an export session needs a DataSource');
    const runner = db.createQueryRunner();
    await runner.connect();
    // The zip pulls its files' sources ahead of need, so cursors may ask at once: their
    // statements take turns on the one connection.
    let previous: Promise<unknown> = Promise.resolve();
    const query = (sql: string, params?: unknown[]) => {
      const next = previous.then(() => runner.query(sql, params));
      previous = next.catch(() => undefined);
      return next;
    };
    return { query, release: () => runner.release() };
  };
}
