import { randomUUID } from 'node:crypto';
import {
  commandEntityId,
  commandStreamId,
  type Decider,
  type DomainCommand,
  type DomainEvent,
  parseStoredEvent,
} from '@sunshine/domain';
import { type EventStore, handleCommand, READ_BATCH_MAX } from '@sunshine/event-store';
import type { Principal } from '@sunshine/platform';
import type { RequestMeta } from './request-meta';

/** How often a command is re-decided against fresh state after a concurrent write. */
export const COMMAND_RETRY_COUNT_MAX = 5;

/** The answer of every write route (SPEC §7). */
export interface WriteResult {
  id: string;
  streamId: string;
  version: number;
}

export interface CommandRequest<State, Command extends DomainCommand> {
  decider: Decider<State, Command>;
  command: Command;
  /** The command's business date: every appended event's `occurredOn`. */
  occurredOn: string;
  principal: Principal;
  meta: RequestMeta;
}

/** Ids the client did not supply are generated here, never inside the domain. */
export function newId(): string {
  return randomUUID();
}

/**
 * Runs one command through the generic handler. The idempotency key is scoped by the caller,
 * so two users who happen to pick the same key never see each other's result.
 */
export async function runCommand<State, Command extends DomainCommand>(
  store: EventStore,
  request: CommandRequest<State, Command>,
): Promise<WriteResult> {
  const { principal, meta } = request;
  const streamId = commandStreamId(request.command);
  const result = await handleCommand({
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
    idempotencyKey: meta.idempotencyKey && `${principal.sub}:${meta.idempotencyKey}`,
    retryCountMax: COMMAND_RETRY_COUNT_MAX,
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

/** Folds a stream page by page (each page bounded by READ_BATCH_MAX) into its state. */
export async function loadAggregate<State, Command>(
  store: EventStore,
  decider: Decider<State, Command>,
  streamId: string,
): Promise<LoadedAggregate<State>> {
  let state = decider.initialState();
  let version = 0;
  for (;;) {
    const page = await store.readStream(streamId, {
      fromVersion: version + 1,
      maxCount: READ_BATCH_MAX,
    });
    for (const stored of page) {
      state = decider.evolve(state, parseStoredEvent(stored) as DomainEvent);
      version = stored.streamVersion;
    }
    if (page.length < READ_BATCH_MAX) return { state, version };
  }
}
