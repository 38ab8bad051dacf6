import { alertDecider, type AlertEvent } from './alert-decider';
import type { AlertCommand } from './alert';
import { deciderSpec } from './testing/decider-spec';
import { alertRaised } from './testing/fixtures';

const given = (events: AlertEvent[]) => deciderSpec(alertDecider, events);
const alertId = 'al-1';

const raise: AlertCommand = { type: 'RaiseAlert', data: { alertId, ...alertRaised().data } };
const acknowledge: AlertCommand = {
  type: 'AcknowledgeAlert',
  data: { alertId, by: 'auditor-1', note: 'looking' },
};
const resolve: AlertCommand = {
  type: 'ResolveAlert',
  data: { alertId, by: 'auditor-1', resolution: 'rectified' },
};
const acknowledged: AlertEvent = {
  type: 'AlertAcknowledged',
  data: { by: 'auditor-1', note: 'looking' },
};
const resolved: AlertEvent = {
  type: 'AlertResolved',
  data: { by: 'auditor-1', resolution: 'rectified', note: '' },
};

describe('an alert that was never raised', () => {
  it('is raised', () => given([]).when(raise).then([alertRaised()]));

  it.each([acknowledge, resolve])('rejects $type as NOT_FOUND', (command) =>
    given([]).when(command).thenThrows('NOT_FOUND'),
  );
});

describe('an open alert', () => {
  const open = [alertRaised()];

  it('is raised only once', () => given(open).when(raise).thenThrows('ALREADY_EXISTS'));

  it('is acknowledged', () => given(open).when(acknowledge).then([acknowledged]));

  it('is resolved directly, with an empty note when none is given', () =>
    given(open).when(resolve).then([resolved]));
});

describe('an acknowledged alert', () => {
  const seen = [alertRaised(), acknowledged];

  it('rejects a second acknowledgement', () =>
    given(seen).when(acknowledge).thenThrows('INVALID_STATE'));

  it('is resolved', () => given(seen).when(resolve).then([resolved]));
});

describe('a resolved alert', () => {
  const done = [alertRaised(), resolved];

  it.each([acknowledge, resolve])('rejects $type as INVALID_STATE', (command) =>
    given(done).when(command).thenThrows('INVALID_STATE'),
  );

  it('is not raised again', () => given(done).when(raise).thenThrows('ALREADY_EXISTS'));
});

describe('case handling of an alert (督办)', () => {
  const assign: AlertCommand = {
    type: 'AssignAlert',
    data: { alertId, by: 'auditor-1', assignee: '乡镇纪委 王某', dueOn: '2024-06-30' },
  };
  const assigned: AlertEvent = {
    type: 'AlertAssigned',
    data: { by: 'auditor-1', assignee: '乡镇纪委 王某', dueOn: '2024-06-30', note: '' },
  };

  it('rejects an assignment of an alert never raised as NOT_FOUND', () =>
    given([]).when(assign).thenThrows('NOT_FOUND'));

  it('assigns an open alert, with an empty note when none is given', () =>
    given([alertRaised()]).when(assign).then([assigned]));

  it('assigns an acknowledged alert again after an earlier assignment', () =>
    given([alertRaised(), assigned, acknowledged]).when(assign).then([assigned]));

  it('rejects assigning a resolved alert as INVALID_STATE', () =>
    given([alertRaised(), resolved]).when(assign).thenThrows('INVALID_STATE'));

  it('counts assignments and keeps the latest one through acknowledgement', () => {
    const later: AlertEvent = {
      type: 'AlertAssigned',
      data: { ...assigned.data, assignee: '县纪委', dueOn: '2024-07-31' },
    };
    const events = [alertRaised(), assigned, acknowledged, later];
    const state = events.reduce(alertDecider.evolve, alertDecider.initialState());
    expect(state).toMatchObject({
      status: 'acknowledged',
      assignee: '县纪委',
      dueOn: '2024-07-31',
      assignments: 2,
    });
  });
});
