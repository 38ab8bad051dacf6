import type { Decider, DomainEvent } from '@sunshine/domain';
import type { AnyDecider } from './commands/aggregate-cache';
import {
  COMMAND_RETRY_COUNT_DEFAULT,
  CommandProcessor,
  type CommandProcessorOptions,
} from './commands/command-processor';
import { readOwnEvent, type ParseEvent } from './commands/stream-fold';
import type { CommandMetadata, HandleCommandResult } from './commands/types';
import type { EventStore, ExpectedVersion, StoredEvent } from './port';

/**
 * The one generic command handler (Emmett's `handleCommand`): fold the stream, `decide`,
 * append at the version folded, decide again on fresh state after a concurrent write. Every
 * command of every aggregate goes through the store's CommandProcessor
 * (commands/command-processor.ts), which keeps folds cached and batches the commands
 * waiting on one stream.
 */

export { COMMAND_RETRY_COUNT_DEFAULT, COMMAND_BATCH_MAX } from './commands/command-processor';
export { STREAM_QUEUE_LENGTH_MAX } from './commands/command-processor';
export { STREAM_EVENTS_MAX } from './commands/stream-fold';
export type { CommandMetadata, HandleCommandResult } from './commands/types';
export type { CommandProcessorOptions } from './commands/command-processor';

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
   * Checks that must hold on the state the command is decided on (the addressed entity
   * exists and lies in the caller's regions); throwing refuses this command alone.
   */
  authorize?: (state: State) => void;
  /** Reads a stored event as the decider's event type; default: upcast, no re-validation. */
  parse?: (event: StoredEvent) => Event;
}

export interface FoldedStream<State> {
  state: State;
  version: number;
}

const processors = new WeakMap<EventStore, CommandProcessor>();

/** Sets up the store's command processor; call once, before the first command. */
export function configureCommands(store: EventStore, options: CommandProcessorOptions): void {
  if (processors.has(store)) throw new Error('commands on this store are configured already');
  processors.set(store, new CommandProcessor(store, options));
}

function processorOf(store: EventStore): CommandProcessor {
  let processor = processors.get(store);
  if (!processor) {
    processor = new CommandProcessor(store);
    processors.set(store, processor);
  }
  return processor;
}

export async function handleCommand<State, Command, Event extends DomainEvent>(
  options: HandleCommandOptions<State, Command, Event>,
): Promise<HandleCommandResult<State>> {
  const { authorize } = options;
  const result = await processorOf(options.store).submit(options.streamId, {
    decider: options.decider as unknown as AnyDecider,
    parse: (options.parse as ParseEvent | undefined) ?? readOwnEvent,
    command: options.command,
    metadata: options.metadata,
    idempotencyKey: options.idempotencyKey,
    expectedVersion: options.expectedVersion,
    authorize: authorize && ((state) => authorize(state as State)),
    retryCountMax: options.retryCountMax ?? COMMAND_RETRY_COUNT_DEFAULT,
  });
  return result as HandleCommandResult<State>;
}

/** The stream's current state and version, from the cached fold and the newer events. */
export async function loadStream<State, Command, Event extends DomainEvent>(
  store: EventStore,
  decider: Decider<State, Command, Event>,
  streamId: string,
  parse?: (event: StoredEvent) => Event,
): Promise<FoldedStream<State>> {
  const entry = await processorOf(store).load(
    streamId,
    decider as unknown as AnyDecider,
    (parse as ParseEvent | undefined) ?? readOwnEvent,
  );
  return { state: entry.state as State, version: entry.version };
}
