import type { Decider } from './decider';
import type { EventData, EventOf } from './events';
import type { RegionCommand } from './region';
import { assertNever } from './commands';
import { validationFailed } from './errors';
import { regionLevelOf } from './primitives';

export type RegionEvent = EventOf<'RegionDefined'>;
export type RegionFacts = EventData<'RegionDefined'>;

export type RegionState = { status: 'undefined' } | { status: 'defined'; region: RegionFacts };

function sameDefinition(a: RegionFacts, b: RegionFacts): boolean {
  return (
    a.code === b.code &&
    a.name === b.name &&
    a.level === b.level &&
    (a.weakVillage ?? false) === (b.weakVillage ?? false)
  );
}

function decideRegion(command: RegionCommand, state: RegionState): RegionEvent[] {
  const { code, name, weakVillage } = command.data;
  const level = regionLevelOf(code);
  if (command.data.level !== undefined && command.data.level !== level) {
    throw validationFailed(`region ${code} is a ${level}, not a ${command.data.level}`, 'level');
  }
  const region: RegionFacts = {
    code,
    name,
    level,
    ...(weakVillage !== undefined ? { weakVillage } : {}),
  };
  switch (state.status) {
    case 'undefined':
      return [{ type: 'RegionDefined', data: region }];
    case 'defined':
      // Defining a region is idempotent: only a change is worth an event.
      return sameDefinition(state.region, region) ? [] : [{ type: 'RegionDefined', data: region }];
    default:
      return assertNever(state);
  }
}

export const regionDecider: Decider<RegionState, RegionCommand, RegionEvent> = {
  initialState: () => ({ status: 'undefined' }),
  evolve: (_state, event) => ({ status: 'defined', region: event.data }),
  decide: (command, state) => {
    switch (command.type) {
      case 'DefineRegion':
        return decideRegion(command, state);
      default:
        return assertNever(command.type);
    }
  },
};
