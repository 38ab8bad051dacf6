import type { Pool, PoolClient } from 'pg';

/**
 * Planner statistics for the event tables. Autovacuum may be off on the server, and a table
 * that was never analysed is planned from default guesses; so the store analyses after its
 * migrations and after bulk imports, where autovacuum would have: once the rows changed
 * since the last ANALYZE pass a share of the table.
 */

export const EVENT_TABLES = ['es_events', 'es_streams'] as const;
/** Rows a table may change before it is analysed again: a base plus a share of its size. */
export const ANALYZE_ROWS_BASE = 1_000;
export const ANALYZE_SCALE = 0.2;
/** Bulk-appended events between two checks, so that small calls never pay for one. */
export const ANALYZE_CHECK_ROWS = 20_000;
/**
 * During imports, analyse only once the rows written match the table's size: an ANALYZE
 * samples 30,000 pages (9.6 s, once 42 s, on a 2-million-event table on the shared 2-core
 * host), so a 2-million-event import pays for about seven, not thirty.
 */
export const BULK_ANALYZE_GROWTH = 1;

type Queryable = Pick<Pool | PoolClient, 'query'>;

/** Analyses the tables changed enough since their last ANALYZE; returns their names. */
export async function analyzeStale(db: Queryable, tables: readonly string[]): Promise<string[]> {
  const stale = await db.query<{ relname: string }>(
    `SELECT c.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
     WHERE s.relid = ANY(ARRAY(SELECT to_regclass(t) FROM unnest($1::text[]) AS t))
       AND s.n_mod_since_analyze > $2 + $3 * greatest(c.reltuples, 0)`,
    [tables, ANALYZE_ROWS_BASE, ANALYZE_SCALE],
  );
  const names = stale.rows.map((row) => row.relname).filter((name) => tables.includes(name));
  if (names.length > 0) await db.query(`ANALYZE ${names.join(', ')}`);
  return names;
}

/**
 * Counts the rows this store bulk-appended and, every ANALYZE_CHECK_ROWS, analyses the event
 * tables aside once those rows reach BULK_ANALYZE_GROWTH of es_events. Its own count: the
 * server's `n_mod_since_analyze` reaches the statistics view up to seconds late.
 */
export class BulkAnalyzer {
  private rowsSinceAnalyze = 0;
  private rowsAtCheck = 0;
  private running: Promise<void> | undefined;

  constructor(private readonly pool: Pool) {}

  wrote(rows: number): void {
    this.rowsSinceAnalyze += rows;
    if (this.rowsSinceAnalyze - this.rowsAtCheck < ANALYZE_CHECK_ROWS || this.running) return;
    this.rowsAtCheck = this.rowsSinceAnalyze;
    // Statistics are an optimisation: a failed ANALYZE leaves the import as it was.
    this.running = this.analyzeIfGrown().catch(() => undefined);
    void this.running.finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves once no ANALYZE is running, before the pool closes. */
  async idle(): Promise<void> {
    await this.running;
  }

  private async analyzeIfGrown(): Promise<void> {
    const size = await this.pool.query<{ rows: number }>(
      `SELECT greatest(reltuples, 0)::float8 AS rows FROM pg_class
       WHERE oid = to_regclass('es_events')`,
    );
    const rows = size.rows[0]?.rows ?? 0;
    if (this.rowsSinceAnalyze <= ANALYZE_ROWS_BASE + BULK_ANALYZE_GROWTH * rows) return;
    const written = this.rowsSinceAnalyze;
    await this.pool.query(`ANALYZE ${EVENT_TABLES.join(', ')}`);
    this.rowsSinceAnalyze -= written;
    this.rowsAtCheck = Math.max(0, this.rowsAtCheck - written);
  }
}
