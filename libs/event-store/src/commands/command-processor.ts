import { DomainError, EVENT_SCHEMAS, occurredOnOf, type DomainEvent } from '@sunshine/domain';
import {
  IdempotencyKeyTaken,
  type AppendResult,
  type EventStore,
  type NewEvent,
  type StoredEvent,
} from '../port';
import { AggregateCache, type AnyDecider, type CachedStream } from './aggregate-cache';
import { decideInTurn, foldAfter, type Decidable, type Round } from './decide-in-turn';
import {
  catchUp,
  foldFromStore,
  readOwnEvent,
  saveSnapshot,
  snapshotDue,
  type ParseEvent,
} from './stream-fold';
import type { CommandMetadata, HandleCommandResult } from './types';
import { ReadVerifier } from './read-verification';

/**
 * The write path of every aggregate. Commands on one stream queue up in this process; a
 * drain takes the queue as a batch, decides it in turn against the cached fold (reading only
 * newer events), and appends all accepted commands' events in one transaction at the
 * version the fold was read at. The expected version is the guard: when another process
 * wrote in between, the batch is decided again on fresh state (a stale cache costs a retry,
 * never a wrong balance), and streams that see such races take a lease so that processes
 * stop racing. Answers go out only once the batch is stored, so every caller gets the
 * answer it would have had running alone, in queue order.
 */

/** Commands decided and appended together. */
export const COMMAND_BATCH_MAX = 500;
/** Commands waiting for one stream; beyond this a request is refused rather than queued. */
export const STREAM_QUEUE_LENGTH_MAX = 5_000;
export const COMMAND_RETRY_COUNT_DEFAULT = 3;
/** How long a stream that another process wrote to is written under a lease. */
export const CONTENDED_MS = 30_000;
/** Streams remembered as contended; the oldest are forgotten beyond it. */
export const CONTENDED_STREAMS_MAX = 10_000;

export interface Pending extends Decidable {
  decider: AnyDecider;
  parse: ParseEvent;
  metadata: CommandMetadata;
  retryCountMax: number;
  conflicts: number;
  resolve(result: HandleCommandResult<unknown>): void;
  reject(error: unknown): void;
}

export interface CommandProcessorOptions {
  /** Memory the cached folds may hold (an estimate, see aggregate-cache.ts). */
  cacheBytesMax?: number;
  /** Failures of work done after the answer (snapshots); the answers are not affected. */
  onBackgroundError?: (error: unknown) => void;
}

const isConflict = (error: unknown): boolean =>
  error instanceof DomainError && error.code === 'CONCURRENCY_CONFLICT';

function toNewEvent(event: DomainEvent, metadata: CommandMetadata): NewEvent {
  const newEvent: NewEvent = {
    type: event.type,
    schemaVersion: EVENT_SCHEMAS[event.type].version,
    data: event.data as Record<string, unknown>,
    // An event's own business date wins: a bank file settles payments on several days.
    occurredOn: occurredOnOf(event) ?? metadata.occurredOn,
    actor: metadata.actor,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
  };
  if (metadata.traceparent !== undefined) newEvent.traceparent = metadata.traceparent;
  return newEvent;
}

export class CommandProcessor {
  private readonly cache: AggregateCache;
  private readonly queues = new Map<string, Pending[]>();
  private readonly contendedUntil = new Map<string, number>();
  private readonly snapshotting = new Set<string>();
  private readonly reads: ReadVerifier;

  constructor(
    private readonly store: EventStore,
    private readonly options: CommandProcessorOptions = {},
  ) {
    this.cache = new AggregateCache(options.cacheBytesMax);
    this.reads = new ReadVerifier(store);
  }

  submit(streamId: string, pending: Omit<Pending, 'resolve' | 'reject' | 'conflicts'>) {
    return new Promise<HandleCommandResult<unknown>>((resolve, reject) => {
      const queue = this.queues.get(streamId);
      if (queue && queue.length >= STREAM_QUEUE_LENGTH_MAX) {
        const message = `too many commands waiting for ${streamId}`;
        reject(new DomainError('CONCURRENCY_CONFLICT', message));
        return;
      }
      const entry: Pending = { ...pending, conflicts: 0, resolve, reject };
      if (queue) {
        queue.push(entry);
        return;
      }
      this.queues.set(streamId, [entry]);
      void this.drain(streamId);
    });
  }

  /**
   * The stream's state, cached and brought up to date with the store. A read checks the whole
   * hash chain, not only the events newer than the cache: an edit of an old event must show
   * (SPEC §12), while commands (`submit`) check only what they fold anew.
   */
  async load(streamId: string, decider: AnyDecider, parse: ParseEvent = readOwnEvent) {
    try {
      await this.reads.verify(streamId);
    } catch (error) {
      this.cache.delete(streamId);
      throw error;
    }
    return this.refresh(streamId, decider, parse);
  }

  /** The cached fold brought up to date, checking the chain of the events it reads. */
  private async refresh(streamId: string, decider: AnyDecider, parse: ParseEvent) {
    const cached = this.cache.get(streamId, decider);
    const entry = cached
      ? await catchUp(this.store, streamId, cached, parse)
      : await foldFromStore(this.store, streamId, decider, parse);
    this.cache.set(streamId, entry);
    return entry;
  }

  private async drain(streamId: string): Promise<void> {
    const queue = this.queues.get(streamId);
    // Batches are taken while the queue lives; it is removed only once empty.
    while (queue && queue.length > 0) {
      const size = this.store.appendBatch ? COMMAND_BATCH_MAX : 1;
      const batch = queue.splice(0, size);
      try {
        await this.runBatch(streamId, batch);
      } catch (error) {
        this.cache.delete(streamId);
        for (const pending of batch) pending.reject(error);
      }
    }
    this.queues.delete(streamId);
  }

  private async runBatch(streamId: string, batch: Pending[]): Promise<void> {
    const contended = (this.contendedUntil.get(streamId) ?? 0) > Date.now();
    const release = contended ? await this.store.leaseStream?.(streamId) : undefined;
    try {
      await this.runRounds(streamId, batch, contended);
    } finally {
      await release?.();
    }
  }

  private async runRounds(streamId: string, batch: Pending[], contended: boolean): Promise<void> {
    const first = batch[0];
    if (!first) return;
    const cached = this.cache.get(streamId, first.decider);
    // A leased stream is read afresh: the other process wrote last.
    let entry =
      cached && !contended ? cached : await this.refresh(streamId, first.decider, readOwnEvent);
    let fresh = entry !== cached;
    let queue = await this.answerDuplicates(batch, entry);
    while (queue.length > 0) {
      const round = decideInTurn(entry, queue);
      if (round.eventCount === 0 && !fresh) {
        // Refusals are confirmed on fresh state: the cache may miss another process's write.
        const caught = await catchUp(this.store, streamId, entry, first.parse);
        fresh = true;
        if (caught !== entry) {
          entry = this.remember(streamId, caught, true);
          continue;
        }
      }
      const outcome = await this.commit(streamId, entry, round);
      ({ entry, fresh, queue } = outcome);
    }
    this.snapshotLater(streamId, entry);
  }

  /** Appends a round; returns the fold after it and the commands still to decide. */
  private async commit(streamId: string, entry: CachedStream, round: Round<Pending>) {
    try {
      const result = round.eventCount === 0 ? undefined : await this.append(streamId, entry, round);
      if (result?.duplicate) {
        // Only a single append (no batch support) answers a used key this way.
        this.answerDuplicate(round.decisions[0]?.pending, result, entry);
        const caught = await catchUp(this.store, streamId, entry, readOwnEvent);
        const refreshed = this.remember(streamId, caught, false);
        return { entry: refreshed, fresh: true, queue: round.deferred };
      }
      const after = this.remember(streamId, foldAfter(entry, round, result), false);
      this.settle(round, result, entry.version);
      return { entry: after, fresh: false, queue: round.deferred };
    } catch (error) {
      const queue = [...round.decisions.map((d) => d.pending), ...round.deferred];
      if (error instanceof IdempotencyKeyTaken) {
        // Another writer stored one of the keys meanwhile: answer those, decide the rest again.
        const rest = await this.answerDuplicates(queue, entry);
        const raced = new DomainError('CONCURRENCY_CONFLICT', 'a key was used meanwhile');
        return { entry, fresh: false, queue: this.retry(rest, raced) };
      }
      if (!isConflict(error) && queue.length > 1) {
        // Something else failed the shared append: each command alone, so only its culprit fails.
        for (const pending of queue) await this.runAlone(streamId, pending);
        return { entry: this.cache.get(streamId, entry.decider) ?? entry, fresh: false, queue: [] };
      }
      if (!isConflict(error)) throw error;
      const caught = await catchUp(this.store, streamId, entry, queue[0]?.parse ?? readOwnEvent);
      const raced = caught !== entry;
      const refreshed = this.remember(streamId, caught, raced);
      return { entry: refreshed, fresh: true, queue: this.retry(queue, error) };
    }
  }

  private async runAlone(streamId: string, pending: Pending): Promise<void> {
    try {
      await this.runRounds(streamId, [pending], false);
    } catch (error) {
      pending.reject(error);
    }
  }

  private append(streamId: string, entry: CachedStream, round: Round<Pending>) {
    const expectedVersion = entry.version === 0 ? ('no_stream' as const) : entry.version;
    const accepted = round.decisions.flatMap((d) => (d.kind === 'accepted' ? [d] : []));
    const parts = accepted.map((d) => ({
      events: d.events.map((event) => toNewEvent(event, d.pending.metadata)),
      idempotencyKey: d.pending.idempotencyKey,
    }));
    if (this.store.appendBatch) return this.store.appendBatch(streamId, parts, { expectedVersion });
    const [part] = parts;
    if (!part || parts.length > 1) throw new Error('a store without appendBatch takes one command');
    return this.store.append(streamId, part.events, {
      expectedVersion,
      idempotencyKey: part.idempotencyKey,
    });
  }

  /** Answers every decision of a stored round, in queue order. */
  private settle(round: Round<Pending>, result: AppendResult | undefined, before: number): void {
    const answers: (HandleCommandResult<unknown> | { error: unknown })[] = [];
    let offset = 0;
    let version = before;
    for (const decision of round.decisions) {
      if (decision.kind === 'rejected') {
        answers.push({ error: decision.error });
        decision.pending.reject(decision.error);
        continue;
      }
      if (decision.kind === 'same') {
        const first = answers[decision.leader];
        answers.push(first ?? { error: new Error('a repeated key has no first answer') });
        if (!first || 'error' in first) decision.pending.reject(first?.error);
        else decision.pending.resolve({ ...first, duplicate: true });
        continue;
      }
      const count = decision.events.length;
      const events: StoredEvent[] = result?.events.slice(offset, offset + count) ?? [];
      offset += events.length;
      version = decision.versionAfter;
      const { state } = decision;
      const answer = { state, events, nextExpectedVersion: version, duplicate: false };
      answers.push(answer);
      decision.pending.resolve(answer);
    }
  }

  /** Commands to decide again after a conflict; those out of retries fail with it. */
  private retry(queue: Pending[], conflict: unknown): Pending[] {
    return queue.filter((pending) => {
      pending.conflicts += 1;
      const pinned = pending.expectedVersion !== undefined;
      if (!pinned && pending.conflicts <= pending.retryCountMax) return true;
      pending.reject(conflict);
      return false;
    });
  }

  /** Answers the commands whose idempotency key the store holds; returns the rest. */
  private async answerDuplicates(queue: Pending[], entry: CachedStream): Promise<Pending[]> {
    const keys = queue.flatMap((p) => (p.idempotencyKey === undefined ? [] : [p.idempotencyKey]));
    if (keys.length === 0 || !this.store.findIdempotent) return queue;
    const found = await this.store.findIdempotent(keys);
    return queue.filter((pending) => {
      const first = found.get(pending.idempotencyKey ?? '');
      if (first) this.answerDuplicate(pending, first, entry);
      return !first;
    });
  }

  private answerDuplicate(pending: Pending | undefined, first: AppendResult, entry: CachedStream) {
    pending?.resolve({
      state: entry.state,
      events: first.events,
      nextExpectedVersion: first.nextExpectedVersion,
      duplicate: true,
    });
  }

  private remember(streamId: string, entry: CachedStream, raced: boolean): CachedStream {
    this.cache.set(streamId, entry);
    if (raced) {
      this.contendedUntil.delete(streamId);
      this.contendedUntil.set(streamId, Date.now() + CONTENDED_MS);
      for (const [oldest] of this.contendedUntil) {
        if (this.contendedUntil.size <= CONTENDED_STREAMS_MAX) break;
        this.contendedUntil.delete(oldest);
      }
    }
    return entry;
  }

  /** Stores a snapshot of a long stream after the answers went out, one at a time. */
  private snapshotLater(streamId: string, entry: CachedStream): void {
    if (!snapshotDue(entry) || this.snapshotting.has(streamId)) return;
    this.snapshotting.add(streamId);
    saveSnapshot(this.store, streamId, entry)
      .then((saved) => {
        const current = this.cache.get(streamId, entry.decider);
        if (saved && current && current.snapshotVersion < entry.version) {
          this.cache.set(streamId, { ...current, snapshotVersion: entry.version });
        }
      })
      .catch((error: unknown) => this.options.onBackgroundError?.(error))
      .finally(() => this.snapshotting.delete(streamId));
  }
}
