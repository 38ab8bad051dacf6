import type { Decider } from './decider';
import type { EventData, EventOf } from './events';
import type { HelperCommand } from './helper';
import { assertNever } from './commands';
import { omitKey } from './omit';

export type HelperEvent = EventOf<'HelperRegistered'>;
export type HelperFacts = EventData<'HelperRegistered'>;

export type HelperState =
  | { status: 'unregistered' }
  | { status: 'registered'; helper: HelperFacts };

function sameRegistration(a: HelperFacts, b: HelperFacts): boolean {
  return (
    a.name === b.name &&
    a.unit === b.unit &&
    a.villageCodes.length === b.villageCodes.length &&
    a.villageCodes.every((code, index) => b.villageCodes[index] === code)
  );
}

/**
 * A helper is registered with a PUT: repeating the same registration appends nothing, a
 * changed one (another unit, other villages) is a new HelperRegistered that replaces it.
 */
function decideHelper(command: HelperCommand, state: HelperState): HelperEvent[] {
  const data = omitKey(command.data, 'helperId');
  switch (state.status) {
    case 'unregistered':
      return [{ type: 'HelperRegistered', data }];
    case 'registered':
      return sameRegistration(state.helper, data) ? [] : [{ type: 'HelperRegistered', data }];
    default:
      return assertNever(state);
  }
}

export const helperDecider: Decider<HelperState, HelperCommand, HelperEvent> = {
  initialState: () => ({ status: 'unregistered' }),
  evolve: (_state, event) => ({ status: 'registered', helper: event.data }),
  decide: (command, state) => {
    switch (command.type) {
      case 'RegisterHelper':
        return decideHelper(command, state);
      default:
        return assertNever(command.type);
    }
  },
};
