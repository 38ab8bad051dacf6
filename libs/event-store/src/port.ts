/**
 * The event-store port. Every adapter (PostgreSQL, embedded PGlite, EventStoreDB) implements
 * it and passes the exported contract suite in `contract/`.
 *
 * Stream versions are 1-based: the first event of a stream has `streamVersion` 1, and a
 * stream's version is the number of events in it (0 = no stream). Global positions are
 * strictly increasing in commit order, so a reader that has seen position p never later
 * meets an event with a position ≤ p.
 */

export type ExpectedVersion = number | 'no_stream' | 'any';

export interface Actor {
  sub: string;
  role: string;
}

/** What a writer supplies; the store fills in positions, timestamps and hashes. */
export interface NewEvent {
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  /** Business date, YYYY-MM-DD. */
  occurredOn: string;
  eventId?: string;
  actor: Actor;
  correlationId: string;
  causationId: string;
  traceparent?: string;
}

export interface StoredEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  streamVersion: number;
  globalPosition: number;
  occurredOn: string;
  /** Server time, ISO 8601. */
  recordedAt: string;
  actor: Actor;
  correlationId: string;
  causationId: string;
  idempotencyKey?: string;
  traceparent?: string;
  prevHash: string;
  hash: string;
  data: Record<string, unknown>;
}

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
  /** The same key appended twice yields one write; the second call returns the first result. */
  idempotencyKey?: string;
}

export interface AppendResult {
  streamId: string;
  /** The stream's version after the append. */
  nextExpectedVersion: number;
  /** Position of the last appended event. */
  lastPosition: number;
  events: StoredEvent[];
  /** True when the idempotency key had been used and nothing new was written. */
  duplicate: boolean;
}

export interface ReadStreamOptions {
  /** First version to return (inclusive), default 1. */
  fromVersion?: number;
  /** Default and maximum: READ_BATCH_MAX. */
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Return events with globalPosition strictly greater than this; 0 = from the start. */
  after: number;
  maxCount?: number;
}

export interface VerifyResult {
  streamId: string;
  verified: boolean;
  eventsChecked: number;
  /** The first stream version whose stored hash does not match its recomputed hash. */
  brokenAt?: number;
}

export interface BulkAppendItem {
  streamId: string;
  events: NewEvent[];
  expectedVersion: ExpectedVersion;
}

export interface EventStore {
  /** Human-readable adapter name, e.g. "postgres", "embedded", "esdb". */
  readonly kind: string;
  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /** Imports: many streams in one call; all-or-nothing. */
  appendBulk(items: BulkAppendItem[]): Promise<AppendResult[]>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  /** The stream's current version, 0 when it does not exist. */
  streamVersion(streamId: string): Promise<number>;
  readAll(options: ReadAllOptions): Promise<StoredEvent[]>;
  /** The highest global position written so far, 0 when empty. */
  headPosition(): Promise<number>;
  verifyStream(streamId: string): Promise<VerifyResult>;
  /** Streams whose id starts with the prefix, e.g. "fund-" (bounded by `limit`). */
  listStreams(prefix: string, limit: number): Promise<string[]>;
  /**
   * In-process notification after every committed append in this process, with the last
   * global position written, so an in-process subscriber wakes without waiting for its poll.
   * Appends by other processes are not announced: subscribers still poll. Returns an
   * unsubscribe function.
   */
  onAppended?(listener: AppendedListener): () => void;
  close(): Promise<void>;
}

export type AppendedListener = (lastPosition: number) => void;

/** Durable checkpoints of subscriptions and consumers, keyed by subscription name. */
export interface CheckpointStore {
  load(name: string): Promise<number>;
  save(name: string, position: number): Promise<void>;
}

export const READ_BATCH_MAX = 1000;
export const APPEND_EVENTS_MAX = 1000;
