import { signToken } from '@sunshine/platform';
import {
  type HostProcess,
  HOST_START_TIMEOUT_MS,
  type OtlpReceiver,
  type ReceivedSpan,
  startHostProcess,
  startOtlpReceiver,
  startTestPostgres,
  startTestRedis,
  type TestPostgres,
  type TestRedis,
} from '@sunshine/testing';

/**
 * The host started as `npm start` starts it (the telemetry preload first) on PostgreSQL and
 * Redis, exporting to an OTLP receiver in this process: one payment is one trace from the
 * HTTP command through its append to the projections that consume it.
 */

const SECRET = 'telemetry-e2e-secret-0123456789';
const COUNTY = '320826';
const VILLAGE = '320826100201';
const SPANS_TIMEOUT_MS = 30_000;

let receiver: OtlpReceiver;
let postgres: TestPostgres;
let redis: TestRedis;
let host: HostProcess;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  postgres = await startTestPostgres();
  redis = await startTestRedis();
  host = await startHostProcess({
    SUNSHINE_DEMO: '0', NODE_ENV: 'development', SUNSHINE_JWT_SECRET: SECRET,
    EVENT_STORE: 'postgres', DATABASE_URL: postgres.url, REDIS_URL: redis.url,
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '100',
  });
}, HOST_START_TIMEOUT_MS + 30_000);

afterAll(async () => {
  await host?.stop();
  await redis?.stop();
  await postgres?.stop();
  await receiver?.stop();
});

async function post(path: string, role: string, body: unknown): Promise<Record<string, unknown>> {
  const token = signToken({ sub: `${role}-1`, role: role as never, regions: [COUNTY] }, SECRET);
  const response = await fetch(`${host.baseUrl}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`, 'content-type': 'application/json',
      'idempotency-key': `${path}-${Date.now()}`,
    },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Record<string, unknown>;
  if (response.status >= 300) throw new Error(`${path}: ${response.status} ${String(answer)}`);
  return answer;
}

async function spansOf(traceId: string, done: (spans: ReceivedSpan[]) => boolean) {
  const deadline = Date.now() + SPANS_TIMEOUT_MS;
  for (;;) {
    const spans = receiver.spans.filter((span) => span.traceId === traceId);
    if (done(spans) || Date.now() > deadline) return spans;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a payment through the host started with the telemetry preload', () => {
  it('is one trace: HTTP with its route, pg and ioredis, the append, the consumers', async () => {
    const household = await post('/api/households', 'registrar', {
      villageCode: VILLAGE, headName: '王小华', idNumber: '32082619800101123X', members: 3,
      registeredOn: '2023-12-01',
    });
    const fund = await post('/api/funds', 'finance', {
      name: '衔接资金', category: 'industry', department: '财政局', level: 'central',
      fiscalYear: 2024, countyCode: COUNTY, amountFen: 1_000_000, receivedOn: '2024-01-10',
    });
    const fundId = String(fund.fundId ?? fund.id);
    const allocation = await post(`/api/funds/${fundId}/allocations`, 'finance', {
      target: { type: 'village', id: VILLAGE }, villageCode: VILLAGE, amountFen: 400_000,
      allocatedOn: '2024-02-01',
    });
    const paymentPath = `/api/funds/${fundId}/household-payments`;
    await post(paymentPath, 'finance', {
      allocationId: String(allocation.allocationId ?? allocation.id),
      householdId: String(household.householdId ?? household.id), amountFen: 50_000,
      paidOn: '2024-03-02', channel: 'bank', voucherNo: 'P-001',
    });

    let server: ReceivedSpan | undefined;
    const deadline = Date.now() + SPANS_TIMEOUT_MS;
    while (!server && Date.now() < deadline) {
      server = receiver.spans.find((span) =>
        span.attributes['http.route']?.endsWith('household-payments') &&
        span.scope.includes('http'));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(server).toBeDefined();
    const trace = await spansOf(server!.traceId, (spans) =>
      spans.filter((span) => span.name.endsWith(' process')).length >= 2);
    const scopes = new Set(trace.map((span) => span.scope));
    expect([...scopes]).toEqual(expect.arrayContaining([
      '@opentelemetry/instrumentation-http',
      '@opentelemetry/instrumentation-express',
      '@opentelemetry/instrumentation-pg',
      '@opentelemetry/instrumentation-ioredis',
    ]));
    const appends = trace.filter((span) => span.scope === '@opentelemetry/instrumentation-pg' &&
      /INSERT/i.test(span.attributes['db.statement'] ?? span.attributes['db.query.text'] ?? ''));
    expect(appends.length).toBeGreaterThan(0);
    const consumers = trace.filter((span) => span.name.endsWith(' process'));
    expect(consumers.map((span) => span.name).sort()).toEqual([
      'alert-service process', 'ledger-projector process',
    ]);
    // Each consumer span hangs off a span of the command's trace, not a root of its own.
    const spanIds = new Set(trace.map((span) => span.spanId));
    for (const consumer of consumers) expect(spanIds.has(consumer.parentSpanId ?? '')).toBe(true);
  });
});
