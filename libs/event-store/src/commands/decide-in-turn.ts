import { DomainError, type DomainEvent } from '@sunshine/domain';
import { APPEND_EVENTS_MAX, type AppendResult, type ExpectedVersion } from '../port';
import type { CachedStream } from './aggregate-cache';

/**
 * Decides a queue of commands on one stream in turn, each against the state its
 * predecessors leave (TigerBeetle's batching of transfers): a rejected command leaves the
 * state as it was and fails alone; a command whose idempotency key an earlier accepted one
 * in the queue carries is not decided again but answered with that one's result.
 */

export interface Decidable {
  command: unknown;
  idempotencyKey?: string;
  /** When given, the command applies only at this version; a mismatch is not retried. */
  expectedVersion?: ExpectedVersion;
  /** Checks against the state the command is decided on (the entity exists, its region). */
  authorize?: (state: unknown) => void;
}

export type Decision<P extends Decidable> =
  | { kind: 'accepted'; pending: P; events: DomainEvent[]; state: unknown; versionAfter: number }
  | { kind: 'rejected'; pending: P; error: unknown }
  | { kind: 'same'; pending: P; leader: number };

export interface Round<P extends Decidable> {
  decisions: Decision<P>[];
  /** Commands left for the next round: their events would not fit one append. */
  deferred: P[];
  /** Events the accepted commands append. */
  eventCount: number;
}

function versionMatches(expected: ExpectedVersion, version: number): boolean {
  if (expected === 'any') return true;
  return expected === 'no_stream' ? version === 0 : version === expected;
}

function decideOne<P extends Decidable>(
  entry: CachedStream,
  pending: P,
  state: unknown,
  version: number,
): Decision<P> {
  try {
    pending.authorize?.(state);
    const pinned = pending.expectedVersion;
    if (pinned !== undefined && !versionMatches(pinned, version)) {
      const message = `the stream is at version ${version}, expected ${String(pinned)}`;
      throw new DomainError('CONCURRENCY_CONFLICT', message);
    }
    const events = entry.decider.decide(pending.command, state);
    const after = events.reduce(entry.decider.evolve, state);
    const versionAfter = version + events.length;
    return { kind: 'accepted', pending, events, state: after, versionAfter };
  } catch (error) {
    return { kind: 'rejected', pending, error };
  }
}

export function decideInTurn<P extends Decidable>(
  entry: CachedStream,
  queue: readonly P[],
): Round<P> {
  const decisions: Decision<P>[] = [];
  const leaders = new Map<string, number>();
  let state = entry.state;
  let version = entry.version;
  let eventCount = 0;
  for (const [index, pending] of queue.entries()) {
    const key = pending.idempotencyKey;
    const leader = key === undefined ? undefined : leaders.get(key);
    if (leader !== undefined) {
      decisions.push({ kind: 'same', pending, leader });
      continue;
    }
    const decision = decideOne(entry, pending, state, version);
    if (decision.kind === 'accepted') {
      if (eventCount > 0 && eventCount + decision.events.length > APPEND_EVENTS_MAX) {
        return { decisions, deferred: queue.slice(index), eventCount };
      }
      ({ state, versionAfter: version } = decision);
      eventCount += decision.events.length;
    }
    // Only appended events record a key: after a refusal the same key is decided anew.
    if (key !== undefined && decision.kind === 'accepted' && decision.events.length > 0) {
      leaders.set(key, decisions.length);
    }
    decisions.push(decision);
  }
  return { decisions, deferred: [], eventCount };
}

/** The fold after the round's append, given what the store answered. */
export function foldAfter<P extends Decidable>(
  entry: CachedStream,
  round: Round<P>,
  result: AppendResult | undefined,
): CachedStream {
  let state = entry.state;
  for (const decision of round.decisions) if (decision.kind === 'accepted') state = decision.state;
  const last = result?.events[result.events.length - 1];
  if (!result || !last) return entry;
  return { ...entry, state, version: result.nextExpectedVersion, lastHash: last.hash };
}
