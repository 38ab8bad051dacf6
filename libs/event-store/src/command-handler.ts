import {
  DomainError,
  EVENT_SCHEMAS,
  parseStoredEvent,
  type Decider,
  type DomainEvent,
} from '@sunshine/domain';
import {
  READ_BATCH_MAX,
  type Actor,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type StoredEvent,
} from './port';

/**
 * The one generic command handler (Emmett's `handleCommand`): read the stream, fold `evolve`,
 * `decide`, append at the version read, and on a concurrency conflict decide again against
 * fresh state, at most `retryCountMax` times, then give up with the conflict.
 */

export const COMMAND_RETRY_COUNT_DEFAULT = 3;
/** A stream longer than this is a modelling error (aggregates must stay small). */
export const STREAM_EVENTS_MAX = 1_000_000;

export interface CommandMetadata {
  actor: Actor;
  correlationId: string;
  causationId: string;
  traceparent?: string;
  /** The command's business date: every appended event's `occurredOn`. */
  occurredOn: string;
}

export interface HandleCommandOptions<State, Command, Event extends DomainEvent> {
  store: EventStore;
  decider: Decider<State, Command, Event>;
  streamId: string;
  command: Command;
  metadata: CommandMetadata;
  /** When given, the command applies only to this version: a mismatch is not retried. */
  expectedVersion?: ExpectedVersion;
  idempotencyKey?: string;
  retryCountMax?: number;
  /**
   * Upcasts and validates a stored event into the decider's event type. Defaults to the
   * domain's `parseStoredEvent`; the stream id fixes which aggregate's events it holds.
   */
  parse?: (event: StoredEvent) => Event;
}

export interface HandleCommandResult<State> {
  state: State;
  events: StoredEvent[];
  nextExpectedVersion: number;
  /** True when the idempotency key had been used: the events are the first call's. */
  duplicate: boolean;
}

export interface FoldedStream<State> {
  state: State;
  version: number;
}

/** Folds a whole stream, page by page, into state. */
export async function foldStream<State, Event extends DomainEvent>(
  store: EventStore,
  streamId: string,
  initial: State,
  evolve: (state: State, event: Event) => State,
  parse: (event: StoredEvent) => Event,
): Promise<FoldedStream<State>> {
  let state = initial;
  let version = 0;
  while (version < STREAM_EVENTS_MAX) {
    const page = await store.readStream(streamId, {
      fromVersion: version + 1,
      maxCount: READ_BATCH_MAX,
    });
    for (const stored of page) state = evolve(state, parse(stored));
    version = page[page.length - 1]?.streamVersion ?? version;
    if (page.length < READ_BATCH_MAX) return { state, version };
  }
  throw new Error(`stream ${streamId} exceeds ${STREAM_EVENTS_MAX} events`);
}

function toNewEvent(event: DomainEvent, metadata: CommandMetadata): NewEvent {
  const newEvent: NewEvent = {
    type: event.type,
    schemaVersion: EVENT_SCHEMAS[event.type].version,
    data: event.data as Record<string, unknown>,
    occurredOn: metadata.occurredOn,
    actor: metadata.actor,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
  };
  if (metadata.traceparent !== undefined) newEvent.traceparent = metadata.traceparent;
  return newEvent;
}

const isConflict = (error: unknown): boolean =>
  error instanceof DomainError && error.code === 'CONCURRENCY_CONFLICT';

export async function handleCommand<State, Command, Event extends DomainEvent>(
  options: HandleCommandOptions<State, Command, Event>,
): Promise<HandleCommandResult<State>> {
  const { store, decider, streamId } = options;
  const parse = options.parse ?? ((stored: StoredEvent) => parseStoredEvent(stored) as Event);
  const retryCountMax = options.retryCountMax ?? COMMAND_RETRY_COUNT_DEFAULT;
  for (let attempt = 0; ; attempt += 1) {
    const folded = await foldStream(store, streamId, decider.initialState(), decider.evolve, parse);
    const pinned = options.expectedVersion;
    const expectedVersion = pinned ?? (folded.version === 0 ? 'no_stream' : folded.version);
    const events = decider.decide(options.command, folded.state);
    if (events.length === 0) {
      const nextExpectedVersion = folded.version;
      return { state: folded.state, events: [], nextExpectedVersion, duplicate: false };
    }
    try {
      const result = await store.append(
        streamId,
        events.map((event) => toNewEvent(event, options.metadata)),
        { expectedVersion, idempotencyKey: options.idempotencyKey },
      );
      const state = result.duplicate
        ? (await foldStream(store, streamId, decider.initialState(), decider.evolve, parse)).state
        : events.reduce(decider.evolve, folded.state);
      return {
        state,
        events: result.events,
        nextExpectedVersion: result.nextExpectedVersion,
        duplicate: result.duplicate,
      };
    } catch (error) {
      if (!isConflict(error) || pinned !== undefined || attempt >= retryCountMax) throw error;
    }
  }
}
