import type { Decider } from '../decider';
import type { DomainEvent } from '../events';
import { DomainError, type ErrorCode } from '../errors';

/**
 * Given/when/then for deciders (STYLE "Tests"): fold the given events, decide the command,
 * and compare the emitted events or the domain error code. Uses the test runner's `expect`,
 * so it is meant for spec files only.
 */
export interface DeciderThen<Event> {
  then(expected: Event[]): void;
  thenThrows(code: ErrorCode): void;
}

export interface DeciderWhen<Command, Event> {
  when(command: Command): DeciderThen<Event>;
}

export function deciderSpec<State, Command, Event extends DomainEvent>(
  decider: Decider<State, Command, Event>,
  given: Event[] = [],
): DeciderWhen<Command, Event> {
  const state = given.reduce(decider.evolve, decider.initialState());
  return {
    when: (command) => ({
      then: (expected) => {
        const emitted = decider.decide(command, state);
        expect(emitted).toEqual(expected);
        // The emitted events must fold without error: evolve and decide agree.
        emitted.reduce(decider.evolve, state);
      },
      thenThrows: (code) => {
        let thrown: unknown;
        try {
          decider.decide(command, state);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(DomainError);
        expect((thrown as DomainError).code).toBe(code);
      },
    }),
  };
}

/** The state after folding `events`, for assertions on state fields. */
export function foldEvents<State, Command, Event extends DomainEvent>(
  decider: Decider<State, Command, Event>,
  events: Event[],
): State {
  return events.reduce(decider.evolve, decider.initialState());
}
