import type { StoredEvent } from '@sunshine/event-store';
import { Pool } from 'pg';
import type { EventConsumer } from '../feed';

/**
 * A minimal durable consumer, built like a projection: in one transaction per batch it skips
 * each event at or below its stream's applied version, records the rest, and moves the
 * stream's version. The primary key on (stream_id, stream_version) would refuse a double
 * application outright, so a test that ends with every row present proves nothing was lost
 * and nothing was applied twice.
 */
export class PgAppliedConsumer implements EventConsumer {
  readonly pool: Pool;

  constructor(
    readonly name: string,
    databaseUrl: string,
    private readonly handleDelayMs = 0,
  ) {
    this.pool = new Pool({ connectionString: databaseUrl, max: 2 });
  }

  async migrate(): Promise<void> {
    await this.pool.query(`CREATE TABLE IF NOT EXISTS t_applied (
      stream_id text NOT NULL, stream_version integer NOT NULL, event_id text NOT NULL,
      PRIMARY KEY (stream_id, stream_version))`);
    await this.pool.query(`CREATE TABLE IF NOT EXISTS t_heads (
      stream_id text PRIMARY KEY, version integer NOT NULL)`);
  }

  async handle(events: StoredEvent[]): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      for (const event of events) {
        const head = await client.query<{ version: number }>(
          'SELECT version FROM t_heads WHERE stream_id = $1 FOR UPDATE',
          [event.streamId],
        );
        if (event.streamVersion <= (head.rows[0]?.version ?? 0)) continue;
        await client.query(
          'INSERT INTO t_applied (stream_id, stream_version, event_id) VALUES ($1, $2, $3)',
          [event.streamId, event.streamVersion, event.eventId],
        );
        await client.query(
          `INSERT INTO t_heads (stream_id, version) VALUES ($1, $2)
           ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version`,
          [event.streamId, event.streamVersion],
        );
      }
      // Work that takes time inside the transaction, so a kill lands mid-batch.
      if (this.handleDelayMs > 0) await new Promise((r) => setTimeout(r, this.handleDelayMs));
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async lastPosition(): Promise<number> {
    return 0;
  }

  async appliedCount(): Promise<number> {
    const result = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM t_applied');
    return Number(result.rows[0]?.n ?? 0);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
