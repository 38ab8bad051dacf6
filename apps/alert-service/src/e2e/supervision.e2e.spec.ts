import { FundsServiceModule } from '@sunshine/funds-service';
import {
  startTestApp,
  TEST_APP_BOOT_TIMEOUT_MS,
  TEST_APP_STORES,
  TEST_HTTP_TIMEOUT_MS,
  type TestApp,
} from '@sunshine/testing';
import { AlertServiceModule } from '../alert-service.module';
import {
  alertsWhen,
  COUNTY,
  created,
  fundWithPayments,
  VILLAGE,
  type AlertItem,
} from './supervision-helpers';

const CONTACT = '13912345678-contact-secret';
const REPORTS_PER_HOUR = 10;

jest.setTimeout(TEST_HTTP_TIMEOUT_MS);

interface ReportAnswer {
  reportId: string;
  trackingCode: string;
}

describe.each(TEST_APP_STORES)('public reports and case handling (%s store)', (store) => {
  let app: TestApp;
  let auditor: string;
  let finance: string;
  /** Reports accepted from this test's one address so far, against the hourly limit. */
  let reportsSent = 0;
  const logLines: string[] = [];

  beforeAll(async () => {
    app = await startTestApp({
      store,
      modules: (rt) => [FundsServiceModule.register(rt), AlertServiceModule.register(rt)],
      env: { REPORTS_PER_HOUR: String(REPORTS_PER_HOUR) },
      logLines,
    });
    auditor = app.token('auditor', ['32']);
    finance = app.token('finance', [COUNTY]);
  }, TEST_APP_BOOT_TIMEOUT_MS);
  afterAll(async () => app?.close());

  async function report(body: Record<string, unknown>): Promise<ReportAnswer> {
    const response = await app.request('POST', '/api/public/reports', { body });
    expect(response.status).toBe(201);
    reportsSent += 1;
    return response.body as ReportAnswer;
  }

  const reportAlert = async (reportId: string): Promise<AlertItem> => {
    const items = await alertsWhen(app, auditor, (list) =>
      list.some((a) => a.rule === 'PUBLIC_REPORT' && a.subject.id === reportId));
    return items.find((a) => a.subject.id === reportId)!;
  };

  const status = async (trackingCode: string) => {
    const response = await app.request('GET', `/api/public/reports/${trackingCode}`);
    expect(response.status).toBe(200);
    return response.body as Record<string, unknown>;
  };

  it('raises PUBLIC_REPORT and never answers the contact', async () => {
    const body = {
      regionCode: VILLAGE,
      subject: { type: 'household', id: 'hh-7' },
      text: '村干部代领了低保金',
      contact: CONTACT,
    };
    const first = await app.request('POST', '/api/public/reports', { body });
    reportsSent += 1;
    expect(first.status).toBe(201);
    const answer = first.body as ReportAnswer;
    expect(Object.keys(answer).sort()).toEqual(['reportId', 'trackingCode']);
    expect(answer.trackingCode).toMatch(/^[0-9A-Z]{16}$/);
    const alert = await reportAlert(answer.reportId);
    expect(alert).toMatchObject({ severity: 'medium', regionCode: VILLAGE,
      subject: { type: 'report', id: answer.reportId } });
    const current = await status(answer.trackingCode);
    expect(Object.keys(current).sort()).toEqual(['status', 'updatedOn']);
    expect(current.status).toBe('received');
    const detail = await app.request('GET', `/api/alerts/${alert.alertId}`, { token: auditor });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      evidence: [{ type: 'PublicReportReceived', streamId: `report-${answer.reportId}` }],
    });
    const answers = [first, detail, await app.request('GET', `/api/alerts`, { token: auditor }),
      await app.request('GET', `/api/public/reports/${answer.trackingCode}`)];
    for (const each of answers) expect(JSON.stringify(each.body)).not.toContain(CONTACT);
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(line).not.toContain(CONTACT);
  });

  it('answers 404 for a code nobody was given, and 400 for a bad report', async () => {
    const unknown = await app.request('GET', '/api/public/reports/0123456789ABCDEF');
    expect(unknown.status).toBe(404);
    const malformed = await app.request('GET', '/api/public/reports/x%27%20OR%201=1');
    expect(malformed.status).toBe(404);
    const bad = await app.request('POST', '/api/public/reports', {
      body: { regionCode: VILLAGE, text: '', contact: 'x'.repeat(101) },
    });
    expect(bad.status).toBe(400);
  });

  it('lets the status follow acknowledgement and resolution', async () => {
    const answer = await report({ regionCode: COUNTY, text: '项目资金被挪用' });
    const alert = await reportAlert(answer.reportId);
    const path = `/api/alerts/${alert.alertId}`;
    await created(app, `${path}/acknowledge`, auditor, { note: 'checking' });
    expect(await status(answer.trackingCode)).toMatchObject({ status: 'under_review' });
    await created(app, `${path}/resolve`, auditor, { resolution: 'confirmed', note: 'recovered' });
    const closed = await status(answer.trackingCode);
    expect(closed).toEqual({
      status: 'closed',
      resolution: 'confirmed',
      updatedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    const detail = await app.request('GET', path, { token: auditor });
    expect((detail.body as { history: unknown[] }).history.slice(-2)).toMatchObject([
      { type: 'AlertAcknowledged', note: 'checking' },
      { type: 'AlertResolved', note: 'recovered', resolution: 'confirmed' },
    ]);
  });

  it('raises ALERT_OVERDUE once for an assignment a scan finds past due', async () => {
    const answer = await report({ regionCode: VILLAGE, text: '补贴发放不公' });
    const alert = await reportAlert(answer.reportId);
    const path = `/api/alerts/${alert.alertId}`;
    const denied = await app.request('POST', `${path}/assign`, {
      token: finance,
      body: { assignee: '镇纪委', dueOn: '2024-06-30' },
    });
    expect(denied.status).toBe(403);
    await created(app, `${path}/assign`, auditor, {
      assignee: '镇纪委 王某',
      dueOn: '2024-06-30',
      note: '请核实',
    });
    const overdue = (items: AlertItem[]) =>
      items.filter((a) => a.rule === 'ALERT_OVERDUE' && a.subject.id === alert.alertId);
    const scan = async (asOf: string) =>
      ((await created(app, '/api/alerts/scan', auditor, { asOf })) as unknown as
        { raised: number }).raised;
    // Scans right after the assignment: a scan first lets the alert consumer catch up.
    expect(await scan('2024-06-30')).toBe(0);
    expect(await scan('2024-07-01')).toBe(1);
    expect(await scan('2024-07-15')).toBe(0);
    const found = overdue(await alertsWhen(app, auditor, (list) => overdue(list).length > 0));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ regionCode: VILLAGE });
    expect(found[0]).toMatchObject({ severity: 'high', subject: { type: 'alert' } });
    const detail = await app.request('GET', path, { token: auditor });
    expect(detail.body).toMatchObject({
      assignee: '镇纪委 王某',
      dueOn: '2024-06-30',
      history: [
        { type: 'AlertRaised', by: 'alert-service' },
        { type: 'AlertAssigned', by: 'auditor-user', note: '请核实' },
      ],
    });
  });

  it('names the household of a payment alert with readable evidence', async () => {
    await fundWithPayments(app, finance, 'f-ghost', 1);
    const items = await alertsWhen(app, auditor, (list) =>
      list.some((a) => a.rule === 'PAYMENT_TO_INELIGIBLE_HOUSEHOLD'));
    const alert = items.find((a) => a.rule === 'PAYMENT_TO_INELIGIBLE_HOUSEHOLD')!;
    const detail = await app.request('GET', `/api/alerts/${alert.alertId}`, { token: auditor });
    expect(detail.body).toMatchObject({
      householdId: 'hh-1',
      evidence: [
        expect.objectContaining({
          type: 'HouseholdPaid',
          amountFen: 10_000,
          occurredOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
          streamId: 'fund-f-ghost',
          summary: expect.stringContaining('hh-1'),
        }),
      ],
    });
  });

  it('answers 429 to the report over the hourly limit from one address', async () => {
    while (reportsSent < REPORTS_PER_HOUR) await report({ regionCode: COUNTY, text: '举报' });
    const over = await app.request('POST', '/api/public/reports', {
      body: { regionCode: COUNTY, text: '第十一次' },
    });
    expect(over.status).toBe(429);
    expect(over.body).toMatchObject({ error: { code: 'TOO_MANY_REQUESTS' } });
  });
});
