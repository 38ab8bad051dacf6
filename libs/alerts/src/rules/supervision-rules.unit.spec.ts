import { alertIdOf } from '../candidate';
import { alertOverdue, publicReport, tamperDetected, type AssignedAlertFact } from './supervision';

const assigned: AssignedAlertFact = {
  alertId: 'duplicate-payment-1',
  regionCode: '320826100201',
  status: 'acknowledged',
  dueOn: '2024-06-30',
  assignments: 1,
  assignedEventId: 'ev-assign',
};

describe('ALERT_OVERDUE', () => {
  it('fires on a scan after dueOn while the alert is not resolved', () => {
    const [found] = alertOverdue(assigned, '2024-07-01');
    expect(found).toMatchObject({
      rule: 'ALERT_OVERDUE',
      severity: 'high',
      subject: { type: 'alert', id: 'duplicate-payment-1' },
      evidence: ['ev-assign'],
      detectedOn: '2024-07-01',
    });
  });

  it('does not fire on the due date itself', () => {
    expect(alertOverdue(assigned, '2024-06-30')).toEqual([]);
  });

  it('does not fire for a resolved alert', () => {
    expect(alertOverdue({ ...assigned, status: 'resolved' }, '2024-08-01')).toEqual([]);
  });

  it('addresses one alert per assignment, whatever the scan date', () => {
    const [first] = alertOverdue(assigned, '2024-07-01');
    const [later] = alertOverdue(assigned, '2024-09-01');
    const [second] = alertOverdue({ ...assigned, assignments: 2 }, '2024-09-01');
    expect(alertIdOf(first!)).toBe(alertIdOf(later!));
    expect(alertIdOf(second!)).not.toBe(alertIdOf(first!));
  });
});

describe('PUBLIC_REPORT and TAMPER_DETECTED', () => {
  it('raises a medium alert about the report', () => {
    const report = { reportId: 'r1', regionCode: '320826', receivedOn: '2024-05-01', eventId: 'e' };
    expect(publicReport(report)).toEqual([
      expect.objectContaining({
        rule: 'PUBLIC_REPORT',
        severity: 'medium',
        subject: { type: 'report', id: 'r1' },
      }),
    ]);
  });

  it('raises a critical alert once per stream, whichever version broke', () => {
    const at = (streamVersion: number) =>
      tamperDetected({ streamId: 'fund-f1', streamVersion, regionCode: '320826',
        detectedOn: '2024-05-01' })[0]!;
    expect(at(3)).toMatchObject({
      severity: 'critical',
      subject: { type: 'stream', id: 'fund-f1' },
    });
    expect(alertIdOf(at(3))).toBe(alertIdOf(at(5)));
  });
});
