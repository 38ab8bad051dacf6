import type { Decider } from './decider';
import type { EventData, EventOf } from './events';
import type { AlertCommand } from './alert';
import { assertNever } from './commands';
import { alreadyExists, invalidState, notFound } from './errors';
import { omitKey } from './omit';

export type AlertEvent = EventOf<'AlertRaised' | 'AlertAcknowledged' | 'AlertResolved'>;
export type AlertFacts = EventData<'AlertRaised'>;

export type AlertState =
  | { status: 'none' }
  | { status: 'open'; alert: AlertFacts }
  | { status: 'acknowledged'; alert: AlertFacts; acknowledgedBy: string; note: string }
  | {
      status: 'resolved';
      alert: AlertFacts;
      resolvedBy: string;
      resolution: EventData<'AlertResolved'>['resolution'];
      note: string;
    };

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
    default:
      return assertNever(command);
  }
}

function evolveAlert(state: AlertState, event: AlertEvent): AlertState {
  switch (event.type) {
    case 'AlertRaised':
      return { status: 'open', alert: event.data };
    case 'AlertAcknowledged':
      if (state.status === 'none') throw new Error('an alert stream starts with AlertRaised');
      return {
        status: 'acknowledged',
        alert: state.alert,
        acknowledgedBy: event.data.by,
        note: event.data.note,
      };
    case 'AlertResolved': {
      if (state.status === 'none') throw new Error('an alert stream starts with AlertRaised');
      const { by, resolution, note } = event.data;
      return { status: 'resolved', alert: state.alert, resolvedBy: by, resolution, note };
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
