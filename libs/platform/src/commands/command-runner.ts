import { randomUUID } from 'node:crypto';
import {
  commandEntityId,
  commandStreamId,
  type Decider,
  type DomainCommand,
  type DomainEvent,
} from '@sunshine/domain';
import {
  type EventStore,
  handleCommand,
  loadStream,
} from '@sunshine/event-store';
import type { Principal } from '../auth/principal';
import type { RequestMeta } from './request-meta';

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
   * Checks on the very state the command is decided on (the entity exists, it lies in the
   * caller's regions): one fold serves both.
   */
  authorize?: (state: State) => void;
}

/** Ids the client did not supply are generated here, never inside the domain. */
export function newId(): string {
  return randomUUID();
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

/** Runs one command through the generic handler (batched with others on its stream). */
export async function runCommand<
  State,
  Command extends DomainCommand,
  Event extends DomainEvent,
>(store: EventStore, request: CommandRequest<State, Command, Event>): Promise<WriteResult> {
  return (await runCommandWithState(store, request)).written;
}

/** `runCommand`, also answering the state the command left (for answers drawn from it). */
export async function runCommandWithState<
  State,
  Command extends DomainCommand,
  Event extends DomainEvent,
>(
  store: EventStore,
  request: CommandRequest<State, Command, Event>,
): Promise<{ written: WriteResult; state: State }> {
  const { principal, meta } = request;
  const streamId = commandStreamId(request.command);
  const idempotencyKey = storeIdempotencyKey(principal, request.command, streamId,
    meta.idempotencyKey);
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
    idempotencyKey,
    retryCountMax: COMMAND_RETRY_COUNT_MAX,
    authorize: request.authorize,
  });
  const written = {
    id: commandEntityId(request.command),
    streamId,
    version: result.nextExpectedVersion,
  };
  return { written, state: result.state };
}

export interface LoadedAggregate<State> {
  state: State;
  version: number;
}

/** The stream's current state and version (cached fold plus the newer events). */
export function loadAggregate<State, Command, Event extends DomainEvent>(
  store: EventStore,
  decider: Decider<State, Command, Event>,
  streamId: string,
): Promise<LoadedAggregate<State>> {
  return loadStream(store, decider, streamId);
}
