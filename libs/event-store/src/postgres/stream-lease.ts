import { Pool } from 'pg';
import type { ReleaseLease } from '../port';

/**
 * One writer per hot stream across processes: a session advisory lock keyed by the stream
 * id, held on a connection of a small pool of its own while a batch of commands is decided
 * and appended. It only spares the processes the retries of racing each other; the
 * expected version on every append stays the guard, so a lease that cannot be had in time
 * is given up and the batch runs without it.
 */

/** Streams this process can hold at once; a further lease waits for a connection. */
export const LEASE_CONNECTIONS_MAX = 4;
/** How long a lease waits for another process's batch before going on without it. */
export const LEASE_WAIT_MS_MAX = 2_000;
/** Namespaces the advisory-lock keys of stream leases from the other advisory locks. */
const LEASE_KEY_SEED = 482_913_002;

export class StreamLeases {
  private readonly pool: Pool;

  constructor(connectionString: string) {
    this.pool = new Pool({
      connectionString,
      max: LEASE_CONNECTIONS_MAX,
      options: `-c lock_timeout=${LEASE_WAIT_MS_MAX}`,
      connectionTimeoutMillis: LEASE_WAIT_MS_MAX,
    });
    this.pool.on('error', () => undefined);
  }

  async lease(streamId: string): Promise<ReleaseLease | undefined> {
    const client = await this.pool.connect().catch(() => undefined);
    // No connection in time (all held by other leases, or the server is away): go on unleased.
    if (!client) return undefined;
    try {
      await client.query('SELECT pg_advisory_lock(hashtextextended($1, $2))', [
        streamId,
        LEASE_KEY_SEED,
      ]);
    } catch {
      // Timed out behind another process, or the connection broke: go on unleased.
      client.release(true);
      return undefined;
    }
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      try {
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, $2))', [
          streamId,
          LEASE_KEY_SEED,
        ]);
        client.release();
      } catch {
        // Dropping the connection ends its session and with it the lock.
        client.release(true);
      }
    };
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
