import type { Actor, StoredEvent } from '../port';

export interface CommandMetadata {
  actor: Actor;
  correlationId: string;
  causationId: string;
  traceparent?: string;
  /** The command's business date: every appended event's `occurredOn`. */
  occurredOn: string;
}

export interface HandleCommandResult<State> {
  /** The stream's state after the command (for a repeated key: when it was answered). */
  state: State;
  events: StoredEvent[];
  nextExpectedVersion: number;
  /** True when the idempotency key had been used: the events are the first call's. */
  duplicate: boolean;
}
