/**
 * The event-store port. Every adapter (PostgreSQL, the embedded PostgreSQL, EventStoreDB)
 * implements it and passes the contract suite exported from `@sunshine/event-store/testing`.
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
  /**
   * Set by the Kafka feed: the global position the relay published just before this event
   * (0 for its first). Events of one stream keep their order within a partition but not
   * across partitions; with this a consumer knows which earlier positions it has yet to see.
   */
  relayedAfter?: number;
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

/** A stream version already verified, with its hash: where an incremental check resumes. */
export interface VerifiedHead {
  version: number;
  hash: string;
}

export interface StreamCheckpoint {
  streamId: string;
  from: VerifiedHead;
}

export interface VerifyOptions {
  /**
   * Checks only the events after this head, trusting the ones up to it. The event at
   * `from.version` must still be stored with `from.hash`, and the stream's end must be where
   * the store recorded it, so a removed tail is still reported.
   */
  from?: VerifiedHead;
}

export interface VerifyResult {
  streamId: string;
  verified: boolean;
  /** Events whose hashes were recomputed (after `from` when one was given). */
  eventsChecked: number;
  /** The first stream version whose stored hash does not match its recomputed hash. */
  brokenAt?: number;
  /** The verified end of the stream, present when `verified`: a later `from`. */
  head?: VerifiedHead;
}

export interface BulkAppendItem {
  streamId: string;
  events: NewEvent[];
  expectedVersion: ExpectedVersion;
}

/** One command's events inside an `appendBatch`, with that command's idempotency key. */
export interface AppendPart {
  events: NewEvent[];
  idempotencyKey?: string;
}

/** An idempotency key of the batch was already used: nothing of the batch was written. */
export class IdempotencyKeyTaken extends Error {
  constructor(message = 'an idempotency key of the append was already used') {
    super(message);
    this.name = 'IdempotencyKeyTaken';
  }
}

/** Folded state kept so that a cold start of a long stream reads only the events after it. */
export interface Snapshot {
  streamId: string;
  /** Decider name, state version and event-schema fingerprint the state was folded with. */
  format: string;
  streamVersion: number;
  /** The hash of the event at `streamVersion`. */
  lastHash: string;
  /** The encoded state (`encodeState` of the domain). */
  state: string;
}

export interface SnapshotStore {
  /** The stream's snapshot in this format, if any. */
  loadSnapshot(streamId: string, format: string): Promise<Snapshot | undefined>;
  /** Keeps the snapshot unless one at a later version of the same format is kept already. */
  saveSnapshot(snapshot: Snapshot): Promise<void>;
}

/** Releases a stream lease; safe to call once. */
export type ReleaseLease = () => Promise<void>;

export interface EventStore {
  /** Human-readable adapter name, e.g. "postgres", "embedded", "esdb". */
  readonly kind: string;
  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /**
   * Several commands' events on one stream in one transaction, all or nothing, each part
   * recorded under its own idempotency key. Throws IdempotencyKeyTaken when a key was used
   * before (nothing written), a CONCURRENCY_CONFLICT on a version mismatch.
   */
  appendBatch?(
    streamId: string,
    parts: AppendPart[],
    options: { expectedVersion: ExpectedVersion },
  ): Promise<AppendResult>;
  /** The first results of appends made under these idempotency keys (duplicate: true). */
  findIdempotent?(keys: readonly string[]): Promise<Map<string, AppendResult>>;
  /**
   * Waits until this process is the only writer of the stream among all processes sharing
   * the store, or gives up after a bounded wait (then resolves undefined: the expected
   * version still guards every append).
   */
  leaseStream?(streamId: string): Promise<ReleaseLease | undefined>;
  readonly snapshots?: SnapshotStore;
  /** Imports: many streams in one call; all-or-nothing. */
  appendBulk(items: BulkAppendItem[]): Promise<AppendResult[]>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  /** The stream's current version, 0 when it does not exist. */
  streamVersion(streamId: string): Promise<number>;
  readAll(options: ReadAllOptions): Promise<StoredEvent[]>;
  /** The highest global position written so far, 0 when empty. */
  headPosition(): Promise<number>;
  /** Recomputes the stream's hash chain, from genesis or after `options.from`. */
  verifyStream(streamId: string, options?: VerifyOptions): Promise<VerifyResult>;
  /**
   * Optional, one round trip for many streams: those whose recorded end is still `from`,
   * with the event at `from.version` still stored with `from.hash`. Verifying such a stream
   * from `from` would check no event, so a caller may skip it. At most UNCHANGED_STREAMS_MAX.
   */
  unchangedStreams?(checkpoints: StreamCheckpoint[]): Promise<string[]>;
  /** Streams whose id starts with the prefix, e.g. "fund-" (bounded by `limit`). */
  listStreams(prefix: string, limit: number): Promise<string[]>;
  /**
   * In-process notification after every committed append in this process, with the last
   * global position written, so an in-process subscriber wakes without waiting for its poll.
   * Appends by other processes are not announced: subscribers still poll. Returns an
   * unsubscribe function.
   */
  onAppended?(listener: AppendedListener): () => void;
  /** The head of the global chain (SPEC §12 `GET /api/public/integrity`); stores with one. */
  logHead?(): Promise<LogHead>;
  /**
   * Verifies every stream chain and the global chain in one pass over the log, and with an
   * anchor that the log extends that earlier head (SPEC §12 `POST /api/audit/verify`).
   */
  verifyLog?(options: VerifyLogOptions): Promise<LogVerification>;
  /**
   * Optional: a value that changes whenever any stored row of the stream up to `throughVersion`
   * is changed, deleted or replaced (not by appends after it), so a read may skip re-hashing
   * rows it verified before.
   */
  streamFingerprint?(streamId: string, throughVersion: number): Promise<string>;
  /** Stored events by id, at most READ_BATCH_MAX; unknown ids are left out. */
  readEventsById?(eventIds: readonly string[]): Promise<StoredEvent[]>;
  close(): Promise<void>;
}

export interface LogHead {
  headPosition: number;
  globalHash: string;
}

export interface LogAnchor {
  position: number;
  globalHash: string;
}

export interface LogBreak {
  streamId?: string;
  streamVersion?: number;
  position?: number;
  reason: string;
}

export interface VerifyLogOptions {
  anchor?: LogAnchor;
  /**
   * Which streams the answer covers, given the region codes their events name (an empty list
   * when none survives); breaks of the global chain are always reported.
   */
  includeStream?: (regionCodes: readonly string[]) => boolean;
}

export interface LogVerification extends LogHead {
  verified: boolean;
  /** Streams covered and events read in them. */
  streams: number;
  events: number;
  broken: LogBreak[];
}

export type AppendedListener = (lastPosition: number) => void;

/** Durable checkpoints of subscriptions and consumers, keyed by subscription name. */
export interface CheckpointStore {
  load(name: string): Promise<number>;
  save(name: string, position: number): Promise<void>;
}

export const READ_BATCH_MAX = 1000;
export const UNCHANGED_STREAMS_MAX = 2000;
/** Events of several commands decided and appended together in one round. */
export const APPEND_EVENTS_MAX = 1000;
/**
 * Events one command may append at once: a payment batch of 100,000 rows and its header
 * (SPEC §11). A command above APPEND_EVENTS_MAX is appended alone, in one transaction.
 */
export const COMMAND_EVENTS_MAX = 100_001;
