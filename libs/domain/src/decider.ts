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
}
