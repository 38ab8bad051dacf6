import type { PGlite } from '@electric-sql/pglite';

/**
 * Serialises wire-protocol messages from many client connections onto PGlite's single
 * backend, one *protocol cycle* at a time.
 *
 * pglite-socket's own queue switches between connections after any message unless a
 * transaction is open. The extended query protocol sends Parse, Bind, Describe, Execute and
 * Sync as separate messages, so two connections' statements interleave outside
 * transactions: one connection's Bind meets the other's Parse ("bind message supplies 4
 * parameters, but prepared statement requires 1") and result rows reach the wrong client.
 * This queue keeps the backend with one connection from its first message until that
 * connection ends the cycle (Sync or a simple Query) and has no transaction open.
 */

const MESSAGE_QUERY = 0x51; // 'Q'
const MESSAGE_SYNC = 0x53; // 'S'
const MESSAGE_TERMINATE = 0x58; // 'X'

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

/** Start-up and SSL/cancel requests have no type byte: their first byte is a length byte 0. */
function endsCycle(message: Uint8Array): boolean {
  const type = message[0];
  return (
    type === MESSAGE_QUERY || type === MESSAGE_SYNC || type === MESSAGE_TERMINATE || type === 0
  );
}

export class ProtocolCycleQueue {
  private queue: QueuedMessage[] = [];
  private processing = false;
  /** The connection whose protocol cycle or transaction holds the backend. */
  private owner: number | null = null;

  constructor(private readonly db: PGlite) {}

  enqueue(
    handlerId: number,
    message: Uint8Array,
    onData: (data: Uint8Array) => void,
  ): Promise<number> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.drain();
    });
  }

  getQueueLength(): number {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number): void {
    this.queue = this.queue.filter((item) => {
      if (item.handlerId !== handlerId) return true;
      item.reject(new Error('connection closed'));
      return false;
    });
  }

  /** A connection that goes away mid-cycle gives the backend back, rolling back its work. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.owner = null;
    void this.drain();
  }

  private next(): QueuedMessage | undefined {
    if (this.owner === null) return this.queue.shift();
    const index = this.queue.findIndex((item) => item.handlerId === this.owner);
    return index < 0 ? undefined : this.queue.splice(index, 1)[0];
  }

  private async drain(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        await this.execute(item);
      }
    } finally {
      this.processing = false;
    }
  }

  private async execute(item: QueuedMessage): Promise<void> {
    let bytes = 0;
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(item.message, {
          onRawData: (data) => {
            bytes += data.length;
            item.onData(data);
          },
        }),
      );
    } catch (error) {
      this.owner = this.db.isInTransaction() ? item.handlerId : null;
      item.reject(error);
      return;
    }
    const open = !endsCycle(item.message) || this.db.isInTransaction();
    this.owner = open ? item.handlerId : null;
    item.resolve(bytes);
  }
}
