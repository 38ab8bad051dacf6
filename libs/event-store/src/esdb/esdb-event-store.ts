import {
  BACKWARDS,
  END,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  KurrentDBClient,
  NO_STREAM,
  START,
  StreamNotFoundError,
  streamNameFilter,
  WrongExpectedVersionError,
  type AppendStreamState,
  type EventData,
} from '@kurrent/kurrentdb-client';
import { DomainError } from '@sunshine/domain';
import { chainHashes, GENESIS_HASH } from '../hash-chain';
import {
  COMMAND_EVENTS_MAX,
  READ_BATCH_MAX,
  type AppendedListener,
  type AppendOptions,
  type AppendResult,
  type BulkAppendItem,
  type EventStore,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type VerifyOptions,
  type VerifyResult,
} from '../port';
import { checkExpectedVersion } from '../postgres/write';
import { verifyPages, type PageReader } from '../stream-verification';
import { idempotentEventId, toStoredEvent, type EsdbMetadata } from './esdb-mapping';

/**
 * A thin EventStoreDB/KurrentDB adapter. The server checks the expected revision; the hash
 * chain needs the previous event's hash, so every append reads the stream's last event and
 * appends at exactly that revision (an `any` append that loses a race is retried). Retried
 * appends with an idempotency key reuse deterministic event ids, which the server dedupes,
 * and a key already used is found by reading the stream's tail back.
 */

/** Attempts of an `any` append that keeps losing the race for the stream's tail. */
export const ESDB_ANY_RETRY_MAX = 5;
/** How far back an idempotency key is looked for in the stream's tail. */
export const ESDB_IDEMPOTENCY_SCAN_MAX = 200;
/** Events scanned by listStreams (EventStoreDB has no prefix index without projections). */
export const ESDB_LIST_SCAN_MAX = 100_000;

interface Tail {
  version: number;
  lastHash: string;
}

export class EsdbEventStore implements EventStore {
  readonly kind = 'esdb';
  private readonly listeners = new Set<AppendedListener>();

  private constructor(private readonly client: KurrentDBClient) {}

  static connect(connectionString: string): EsdbEventStore {
    return new EsdbEventStore(KurrentDBClient.connectionString(connectionString));
  }

  async append(
    streamId: string,
    events: NewEvent[],
    options: AppendOptions,
  ): Promise<AppendResult> {
    if (events.length > COMMAND_EVENTS_MAX) {
      throw new DomainError('VALIDATION_FAILED', `at most ${COMMAND_EVENTS_MAX} events per append`);
    }
    for (let attempt = 0; ; attempt += 1) {
      const tail = await this.tail(streamId);
      if (options.idempotencyKey !== undefined) {
        const first = await this.findKeyed(streamId, options.idempotencyKey, tail.version);
        if (first) return first;
      }
      checkExpectedVersion(streamId, tail.version, options.expectedVersion);
      try {
        return await this.appendAt(streamId, tail, events, options.idempotencyKey);
      } catch (error) {
        const lost = error instanceof DomainError && error.code === 'CONCURRENCY_CONFLICT';
        const retry = lost && options.expectedVersion === 'any' && attempt < ESDB_ANY_RETRY_MAX;
        if (!retry) throw error;
      }
    }
  }

  private async appendAt(
    streamId: string,
    tail: Tail,
    events: NewEvent[],
    idempotencyKey: string | undefined,
  ): Promise<AppendResult> {
    if (events.length === 0) {
      const nextExpectedVersion = tail.version;
      return { streamId, nextExpectedVersion, lastPosition: 0, events: [], duplicate: false };
    }
    const links = chainHashes(tail.lastHash, events);
    const recordedAt = new Date().toISOString();
    const data: EventData[] = events.map((event, index) => {
      const link = links[index] ?? { prevHash: GENESIS_HASH, hash: GENESIS_HASH };
      const metadata: EsdbMetadata = {
        schemaVersion: event.schemaVersion,
        occurredOn: event.occurredOn,
        recordedAt,
        actor: event.actor,
        correlationId: event.correlationId,
        causationId: event.causationId,
        prevHash: link.prevHash,
        hash: link.hash,
      };
      if (event.traceparent !== undefined) metadata.traceparent = event.traceparent;
      if (idempotencyKey !== undefined) metadata.idempotencyKey = idempotencyKey;
      const id =
        idempotencyKey !== undefined ? idempotentEventId(idempotencyKey, index) : event.eventId;
      return jsonEvent({ ...(id ? { id } : {}), type: event.type, data: event.data, metadata });
    });
    const streamState: AppendStreamState =
      tail.version === 0 ? NO_STREAM : BigInt(tail.version - 1);
    try {
      await this.client.appendToStream(streamId, data, { streamState });
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const message = `stream ${streamId} moved past version ${tail.version}`;
        throw new DomainError('CONCURRENCY_CONFLICT', message);
      }
      throw error;
    }
    // The append answers with the last position only; reading back gives every event's own.
    const written = await this.readStream(streamId, {
      fromVersion: tail.version + 1,
      maxCount: events.length,
    });
    const last = written[written.length - 1];
    if (last) this.announce(last.globalPosition);
    return {
      streamId,
      nextExpectedVersion: last?.streamVersion ?? tail.version,
      lastPosition: last?.globalPosition ?? 0,
      events: written,
      duplicate: false,
    };
  }

  private async tail(streamId: string): Promise<Tail> {
    const last = await this.collect(
      this.client.readStream(streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }),
    );
    const event = last[0];
    if (!event) return { version: 0, lastHash: GENESIS_HASH };
    return { version: event.streamVersion, lastHash: event.hash };
  }

  private async findKeyed(
    streamId: string,
    key: string,
    version: number,
  ): Promise<AppendResult | undefined> {
    if (version === 0) return undefined;
    const firstId = idempotentEventId(key, 0);
    const fromVersion = Math.max(1, version - ESDB_IDEMPOTENCY_SCAN_MAX + 1);
    const maxCount = ESDB_IDEMPOTENCY_SCAN_MAX;
    const recent = await this.readStream(streamId, { fromVersion, maxCount });
    const start = recent.findIndex((event) => event.eventId === firstId);
    if (start < 0) return undefined;
    const events = recent.slice(start).filter((event) => event.idempotencyKey === key);
    const last = events[events.length - 1];
    return {
      streamId,
      nextExpectedVersion: last?.streamVersion ?? version,
      lastPosition: last?.globalPosition ?? 0,
      events,
      duplicate: true,
    };
  }

  /** Not atomic across streams on this adapter: items are appended one after another. */
  async appendBulk(items: BulkAppendItem[]): Promise<AppendResult[]> {
    const results: AppendResult[] = [];
    for (const item of items) {
      const { expectedVersion } = item;
      results.push(await this.append(item.streamId, item.events, { expectedVersion }));
    }
    return results;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const maxCount = Math.min(Math.max(1, options.maxCount ?? READ_BATCH_MAX), READ_BATCH_MAX);
    const fromVersion = Math.max(1, options.fromVersion ?? 1);
    return this.collect(
      this.client.readStream(streamId, {
        direction: FORWARDS,
        fromRevision: BigInt(fromVersion - 1),
        maxCount,
      }),
    );
  }

  async streamVersion(streamId: string): Promise<number> {
    return (await this.tail(streamId)).version;
  }

  async readAll(options: ReadAllOptions): Promise<StoredEvent[]> {
    const maxCount = Math.min(Math.max(1, options.maxCount ?? READ_BATCH_MAX), READ_BATCH_MAX);
    const after = BigInt(options.after);
    const fromPosition = options.after === 0 ? START : { commit: after, prepare: after };
    const events = await this.collect(
      this.client.readAll({ fromPosition, maxCount: maxCount + 1, filter: excludeSystemEvents() }),
    );
    return events.filter((event) => event.globalPosition > options.after).slice(0, maxCount);
  }

  async headPosition(): Promise<number> {
    const last = await this.collect(
      this.client.readAll({
        direction: BACKWARDS,
        fromPosition: END,
        maxCount: 1,
        filter: excludeSystemEvents(),
      }),
    );
    return last[0]?.globalPosition ?? 0;
  }

  /** No stored head here: the chain is checked to the stream's end as read. */
  async verifyStream(streamId: string, options: VerifyOptions = {}): Promise<VerifyResult> {
    const read: PageReader = (fromVersion, maxCount) =>
      this.readStream(streamId, { fromVersion, maxCount });
    return verifyPages(streamId, read, options.from);
  }

  async listStreams(prefix: string, limit: number): Promise<string[]> {
    const found = new Set<string>();
    const reads = this.client.readAll({
      maxCount: ESDB_LIST_SCAN_MAX,
      filter: streamNameFilter({ prefixes: [prefix] }),
    });
    for await (const resolved of reads) {
      if (resolved.event) found.add(resolved.event.streamId);
      if (found.size >= limit) break;
    }
    return [...found].sort().slice(0, limit);
  }

  onAppended(listener: AppendedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private announce(lastPosition: number): void {
    for (const listener of this.listeners) listener(lastPosition);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.client.dispose();
  }

  private async collect(
    reads: AsyncIterable<{ event?: Parameters<typeof toStoredEvent>[0] }>,
  ): Promise<StoredEvent[]> {
    const events: StoredEvent[] = [];
    try {
      for await (const resolved of reads) {
        const event = resolved.event;
        if (event && !event.type.startsWith('$')) events.push(toStoredEvent(event));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }
}
