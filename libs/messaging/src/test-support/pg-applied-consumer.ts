import type { StoredEvent } from '@sunshine/event-store';
import { Pool, type PoolClient } from 'pg';
import type { EventConsumer } from '../feed';
import {
  EventProcessor,
  poolTransaction,
  processorTablesDdl,
  type ProcessorTables,
} from '../processor/event-processor';

const TABLES: ProcessorTables = {
  applied: 't_heads', checkpoint: 't_checkpoint', pending: 't_pending',
};

/**
 * A minimal durable consumer on the one event processor: its handler records each event it
 * is given. The primary key on (stream_id, stream_version) would refuse a double
 * application outright, so a test that ends with every row present proves nothing was lost
 * and nothing was applied twice.
 */
export class PgAppliedConsumer implements EventConsumer {
  readonly pool: Pool;
  private readonly processor: EventProcessor<void, PoolClient>;

  constructor(
    readonly name: string,
    databaseUrl: string,
    private readonly handleDelayMs = 0,
  ) {
    this.pool = new Pool({ connectionString: databaseUrl, max: 2 });
    this.processor = new EventProcessor({
      name,
      tables: TABLES,
      transaction: poolTransaction(this.pool),
      handler: { handle: (client, events) => this.record(client, events) },
    });
  }

  async migrate(): Promise<void> {
    await this.pool.query(`CREATE TABLE IF NOT EXISTS t_applied (
      stream_id text NOT NULL, stream_version integer NOT NULL, event_id text NOT NULL,
      PRIMARY KEY (stream_id, stream_version))`);
    for (const ddl of processorTablesDdl(TABLES)) await this.pool.query(ddl);
  }

  handle(events: StoredEvent[]): Promise<void> {
    return this.processor.handle(events);
  }

  private async record(client: PoolClient, events: StoredEvent[]): Promise<void> {
    await client.query(
      `INSERT INTO t_applied (stream_id, stream_version, event_id)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[])`,
      [events.map((e) => e.streamId), events.map((e) => e.streamVersion),
        events.map((e) => e.eventId)],
    );
    // Work that takes time inside the transaction, so a kill lands mid-batch.
    if (this.handleDelayMs > 0) await new Promise((r) => setTimeout(r, this.handleDelayMs));
  }

  lastPosition(): Promise<number> {
    return this.processor.lastPosition();
  }

  async appliedCount(): Promise<number> {
    const result = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM t_applied');
    return Number(result.rows[0]?.n ?? 0);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
