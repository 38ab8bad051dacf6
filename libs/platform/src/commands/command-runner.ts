import { randomUUID } from 'node:crypto';
import {
  commandEntityId,
  commandStreamId,
  type Decider,
  type DomainCommand,
  type DomainEvent,
  parseStoredEvent,
} from '@sunshine/domain';
import {
  type EventStore,
  foldStream,
  handleCommand,
  type StoredEvent,
} from '@sunshine/event-store';
import type { Principal } from '../auth/principal';
import type { RequestMeta } from './request-meta';
import { runInStreamQueue } from './stream-queue';

/** How often a command is re-decided against fresh state after a concurrent write. */
export const COMMAND_RETRY_COUNT_MAX = 5;

/** The answer of every write route (SPEC §7). */
export interface WriteResult {
  id: string;
  streamId: string;
  version: number;
}

export interface CommandRequest<
  State,
  Command extends DomainCommand,
  Event extends DomainEvent = DomainEvent,
> {
  decider: Decider<State, Command, Event>;
  command: Command;
  /** The command's business date: every appended event's `occurredOn`. */
  occurredOn: string;
  principal: Principal;
  meta: RequestMeta;
  /**
   * Checks that must see the same state the command is decided on (the entity exists, it
   * lies in the caller's regions); they run in the stream's queue, right before the command.
   */
  authorize?: () => Promise<void>;
}

/** Ids the client did not supply are generated here, never inside the domain. */
export function newId(): string {
  return randomUUID();
}

/**
 * Upcasts and validates a stored event. The stream id decides which aggregate's events a
 * stream holds, so the narrowing to the decider's event type is the stream's own contract.
 */
function parseAs<Event extends DomainEvent>(stored: StoredEvent): Event {
  return parseStoredEvent(stored) as Event;
}

/**
 * The key the store deduplicates appends by. The HTTP interceptor scopes a client's key by
 * caller, method and path; the store's key is scoped alike (caller, command, stream), so the
 * same client key on another route or by another user is another command, never a replay.
 */
function storeIdempotencyKey(
  principal: Principal,
  command: DomainCommand,
  streamId: string,
  clientKey: string | undefined,
): string | undefined {
  if (clientKey === undefined) return undefined;
  return `${principal.sub}:${command.type}:${streamId}:${clientKey}`;
}

/** Runs one command through the generic handler, in its stream's queue. */
export async function runCommand<
  State,
  Command extends DomainCommand,
  Event extends DomainEvent,
>(store: EventStore, request: CommandRequest<State, Command, Event>): Promise<WriteResult> {
  const { principal, meta } = request;
  const streamId = commandStreamId(request.command);
  const idempotencyKey = storeIdempotencyKey(principal, request.command, streamId,
    meta.idempotencyKey);
  const result = await runInStreamQueue(store, streamId, async () => {
    await request.authorize?.();
    return handleCommand({
      store,
      decider: request.decider,
      streamId,
      command: request.command,
      metadata: {
        actor: { sub: principal.sub, role: principal.role },
        correlationId: meta.correlationId,
        causationId: meta.causationId,
        traceparent: meta.traceparent,
        occurredOn: request.occurredOn,
      },
      idempotencyKey,
      retryCountMax: COMMAND_RETRY_COUNT_MAX,
      parse: parseAs<Event>,
    });
  });
  return {
    id: commandEntityId(request.command),
    streamId,
    version: result.nextExpectedVersion,
  };
}

export interface LoadedAggregate<State> {
  state: State;
  version: number;
}

/** Folds a stream, page by page, into its state and version. */
export function loadAggregate<State, Command, Event extends DomainEvent>(
  store: EventStore,
  decider: Decider<State, Command, Event>,
  streamId: string,
): Promise<LoadedAggregate<State>> {
  return foldStream(store, streamId, decider.initialState(), decider.evolve, parseAs<Event>);
}
