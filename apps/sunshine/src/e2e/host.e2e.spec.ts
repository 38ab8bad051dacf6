import {
  type HostProcess,
  HOST_START_TIMEOUT_MS,
  startHostProcess as startHost,
} from '@sunshine/testing';

/** The host drains for at most 10 s; a clean stop with nothing in flight takes far less. */
const SHUTDOWN_WITHIN_MS = 20_000;
const ID_NUMBER = '32082619900101002X';
let host: HostProcess;

beforeAll(async () => {
  host = await startHost({ SUNSHINE_DEMO: '0', LOG_LEVEL: 'info', NODE_ENV: 'development' });
}, HOST_START_TIMEOUT_MS + 10_000);

afterAll(async () => {
  await host?.stop();
});

/** The development token the banner printed for a role. */
function bannerToken(role: string): string {
  const match = new RegExp(`^\\s+${role}\\s+(\\S+\\.\\S+\\.\\S+)$`, 'm').exec(host.output());
  if (!match?.[1]) throw new Error(`no ${role} token in the banner:\n${host.output()}`);
  return match[1];
}

const json = async (response: Response) => (await response.json()) as Record<string, unknown>;

describe('npm start (the one-process host)', () => {
  it('answers /health as live', async () => {
    const response = await fetch(`${host.baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ status: 'ok' });
  });

  it('answers /ready with every dependency checked', async () => {
    const response = await fetch(`${host.baseUrl}/ready`);
    type Ready = { status: string; checks: { name: string; ok: boolean }[] };
    const body = (await json(response)) as Ready;
    expect(response.status).toBe(200);
    expect(body.status).toBe('ready');
    expect(body.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining(['event-store', 'database']),
    );
    expect(body.checks.every((c) => c.ok)).toBe(true);
  });

  it('serves the OpenAPI document with the service routes', async () => {
    const response = await fetch(`${host.baseUrl}/api/docs`);
    const doc = (await json(response)) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/funds', '/api/households', '/api/projects', '/api/alerts', '/health', '/ready',
      ]),
    );
  });

  it('refuses a protected route without a token with 401 in the error format', async () => {
    const response = await fetch(`${host.baseUrl}/api/funds`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
    });
    expect(response.status).toBe(401);
    expect(await json(response)).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  });

  it('accepts a printed development token and never logs an id number', async () => {
    const registrar = bannerToken('registrar');
    const response = await fetch(`${host.baseUrl}/api/households`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${registrar}`,
        'idempotency-key': 'e2e-household-1',
      },
      body: JSON.stringify({
        villageCode: '320826100201', headName: '王小华', idNumber: ID_NUMBER, members: 3,
        registeredOn: '2025-01-05',
      }),
    });
    expect(response.status).toBe(201);
    await new Promise((r) => setTimeout(r, 200));
    expect(host.output()).toContain('"path":"/api/households"');
    expect(host.output()).not.toMatch(/\d{17}[\dXx]/);
  });

  it('gives a command\'s events the trace id of its request, with no collector named',
    async () => {
      const finance = bannerToken('finance');
      const response = await fetch(`${host.baseUrl}/api/funds`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${finance}` },
        body: JSON.stringify({
          name: '衔接资金', category: 'industry', department: '财政局', level: 'county',
          fiscalYear: 2025, countyCode: '320826', amountFen: 100_000, receivedOn: '2025-01-05',
        }),
      });
      expect(response.status).toBe(201);
      const { id } = (await json(response)) as { id: string };
      const events = await fetch(`${host.baseUrl}/api/funds/${id}/events`, {
        headers: { authorization: `Bearer ${bannerToken('auditor')}` },
      });
      const body = (await events.json()) as { items: { traceparent?: string }[] };
      const [, traceId] = /^00-([0-9a-f]{32})-[0-9a-f]{16}-0[01]$/.exec(
        body.items[0]?.traceparent ?? '') ?? [];
      expect(traceId).toBeDefined();
      await new Promise((r) => setTimeout(r, 200));
      const logged = host.output().split('\n').find((line) =>
        line.includes('"path":"/api/funds"') && line.includes('"status":201'));
      expect(logged).toContain(`"trace_id":"${traceId}"`);
    });

  it('counts requests by route and status in /metrics', async () => {
    const response = await fetch(`${host.baseUrl}/metrics`);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toMatch(/http_requests_total\{[^}]*route="\/health"[^}]*status="200"/);
    expect(text).toMatch(/http_requests_total\{[^}]*status="401"/);
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('shuts down cleanly on SIGTERM', async () => {
    const startedAt = Date.now();
    expect(await host.stop()).toBe(0);
    expect(Date.now() - startedAt).toBeLessThan(SHUTDOWN_WITHIN_MS);
  }, SHUTDOWN_WITHIN_MS + 5_000);
});
