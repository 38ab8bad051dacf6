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
