import type { DomainEvent } from './events';

/**
 * A decider (Emmett's `typing/decider.ts`): pure functions over one aggregate's stream.
 * Everything impure (today's date, generated ids, lookups in other streams) arrives inside
 * the command, so `decide` is deterministic.
 */
export interface Decider<State, Command, Event extends DomainEvent = DomainEvent> {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  /** Returns the events to append, or throws a DomainError. */
  decide: (command: Command, state: State) => Event[];
  /**
   * Set for aggregates whose streams grow long (a fund takes thousands of payments): their
   * folded state may be kept as a snapshot. Bump `stateVersion` whenever the state's shape or
   * `evolve` changes, so that snapshots of the old shape are ignored.
   */
  snapshot?: { name: string; stateVersion: number };
}
