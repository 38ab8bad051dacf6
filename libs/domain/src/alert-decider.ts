import type { Decider } from './decider';
import type { EventData, EventOf } from './events';
import type { AlertCommand } from './alert';
import { assertNever } from './commands';
import { alreadyExists, invalidState, notFound } from './errors';
import { omitKey } from './omit';

export type AlertEvent = EventOf<
  'AlertRaised' | 'AlertAcknowledged' | 'AlertResolved' | 'AlertAssigned'
>;
export type AlertFacts = EventData<'AlertRaised'>;

/** The current case handling of an alert (督办): the latest assignment and how many so far. */
export interface AlertCase {
  assignee?: string;
  dueOn?: string;
  /** Assignments made so far; the n-th assignment is overdue at most once. */
  assignments: number;
}

export type AlertState =
  | { status: 'none' }
  | ({ status: 'open'; alert: AlertFacts } & AlertCase)
  | ({
      status: 'acknowledged';
      alert: AlertFacts;
      acknowledgedBy: string;
      note: string;
    } & AlertCase)
  | ({
      status: 'resolved';
      alert: AlertFacts;
      resolvedBy: string;
      resolution: EventData<'AlertResolved'>['resolution'];
      note: string;
    } & AlertCase);

function decideAlert(command: AlertCommand, state: AlertState): AlertEvent[] {
  const id = command.data.alertId;
  switch (command.type) {
    case 'RaiseAlert':
      if (state.status !== 'none') throw alreadyExists('alert', id);
      return [{ type: 'AlertRaised', data: omitKey(command.data, 'alertId') }];
    case 'AcknowledgeAlert':
      if (state.status === 'none') throw notFound('alert', id);
      if (state.status !== 'open') throw invalidState(`alert ${id} is ${state.status}`);
      return [
        { type: 'AlertAcknowledged', data: { by: command.data.by, note: command.data.note ?? '' } },
      ];
    case 'ResolveAlert': {
      if (state.status === 'none') throw notFound('alert', id);
      if (state.status === 'resolved') throw invalidState(`alert ${id} is resolved`);
      const { by, resolution } = command.data;
      return [{ type: 'AlertResolved', data: { by, resolution, note: command.data.note ?? '' } }];
    }
    case 'AssignAlert': {
      if (state.status === 'none') throw notFound('alert', id);
      if (state.status === 'resolved') throw invalidState(`alert ${id} is resolved`);
      const { by, assignee, dueOn } = command.data;
      const note = command.data.note ?? '';
      return [{ type: 'AlertAssigned', data: { by, assignee, dueOn, note } }];
    }
    default:
      return assertNever(command);
  }
}

function caseOf(state: AlertState): AlertCase {
  if (state.status === 'none') throw new Error('an alert stream starts with AlertRaised');
  const { assignee, dueOn, assignments } = state;
  return {
    assignments,
    ...(assignee !== undefined ? { assignee } : {}),
    ...(dueOn !== undefined ? { dueOn } : {}),
  };
}

function evolveAlert(state: AlertState, event: AlertEvent): AlertState {
  switch (event.type) {
    case 'AlertRaised':
      return { status: 'open', alert: event.data, assignments: 0 };
    case 'AlertAcknowledged':
      if (state.status === 'none') throw new Error('an alert stream starts with AlertRaised');
      return {
        ...caseOf(state),
        status: 'acknowledged',
        alert: state.alert,
        acknowledgedBy: event.data.by,
        note: event.data.note,
      };
    case 'AlertResolved': {
      if (state.status === 'none') throw new Error('an alert stream starts with AlertRaised');
      const { by, resolution, note } = event.data;
      return {
        ...caseOf(state),
        status: 'resolved',
        alert: state.alert,
        resolvedBy: by,
        resolution,
        note,
      };
    }
    case 'AlertAssigned': {
      if (state.status === 'none') throw new Error('an alert stream starts with AlertRaised');
      const { assignee, dueOn } = event.data;
      return { ...state, assignee, dueOn, assignments: state.assignments + 1 };
    }
    default:
      return assertNever(event);
  }
}

export const alertDecider: Decider<AlertState, AlertCommand, AlertEvent> = {
  initialState: () => ({ status: 'none' }),
  evolve: evolveAlert,
  decide: decideAlert,
};
