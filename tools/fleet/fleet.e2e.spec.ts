import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@sunshine/event-store';
import { ALL_TOPICS } from '@sunshine/messaging';
import {
  LedgerProjection,
  catchUp,
  compareReadModels,
  ensureReadModelSchema,
  openLedgerDataSource,
} from '@sunshine/ledger';
import { signToken, type Role } from '@sunshine/platform';
import {
  startFleet,
  startOtlpReceiver,
  type Fleet,
  type FleetInstance,
  type OtlpReceiver,
} from '@sunshine/testing';

// Jest reads testTimeout only at the top level, not per tier project, so each suite sets it.
jest.setTimeout(600_000);

/**
 * The four services as separate processes on PostgreSQL, Redis and Kafka (SPEC §2, §8, §10):
 * a payment reaches the region summary and the alert service; a projector killed with
 * SIGKILL and a second instance end equal to a fresh rebuild; the relay's service killed
 * lets the other funds-service take over with no event lost; one trace crosses them all.
 */

const COUNTY = '320826';
const TOWN = '320826100';
const VILLAGE = '320826100201';
const AS_OF = '2024-12-31';
const CAP_FEN = 100_000;
const LATENCY_SAMPLES = 100;
/**
 * What this test holds every payment to. The ≤ 1 s p99 of SPEC §9 is a speed target for
 * `npm run bench` (fleet_command_to_alert_p99_ms); here the suite shares two cores with the
 * browser tests, and the p99 it prints ranged from 0.5 to 1.4 s between CI runs.
 */
const LATENCY_P99_MS_MAX = 5_000;
const POLL_MS = 10;
const WAIT_MS_MAX = 120_000;
const LOAD_PAYMENTS = 150;
const LOAD_CLIENTS = 6;

let fleet: Fleet;
let receiver: OtlpReceiver;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  fleet = await startFleet({ topics: ALL_TOPICS, env: {
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '100', OTEL_TRACES_SAMPLER: 'always_on',
  } });
});

afterAll(async () => {
  await fleet?.stop();
  await receiver?.stop();
});

function instance(service: FleetInstance['service'], nth = 0): FleetInstance {
  const found = fleet.instances.filter((i) => i.service === service)[nth];
  if (!found) throw new Error(`no instance ${nth} of ${service}`);
  return found;
}

function bearer(role: Role): string {
  return `Bearer ${signToken({ sub: `${role}-fleet`, role, regions: [COUNTY] }, fleet.jwtSecret)}`;
}

interface Answer { status: number; body: Record<string, unknown>; headers: Headers }

async function call(base: string, method: string, path: string, role: Role, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: bearer(role), 'content-type': 'application/json',
      ...(method === 'POST' ? { 'idempotency-key': randomUUID() } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const answer: Answer = { status: response.status, headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  return answer;
}

async function write(base: string, method: string, path: string, role: Role, body: unknown) {
  const answer = await call(base, method, path, role, body);
  if (answer.status >= 300) {
    throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + WAIT_MS_MAX;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${WAIT_MS_MAX} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function disbursedFen(projector: FleetInstance): Promise<number> {
  const answer = await call(projector.baseUrl, 'GET',
    `/api/ledger/regions/${COUNTY}/summary?asOf=${AS_OF}`, 'auditor');
  return answer.status === 200 ? Number(answer.body.disbursedFen) : -1;
}

function payment(allocationId: string, householdId: string, amountFen: number) {
  return { allocationId, householdId, amountFen, paidOn: '2024-03-02', channel: 'bank',
    voucherNo: `V-${randomUUID().slice(0, 8)}` };
}

interface Seeded { fundId: string; allocationId: string; householdId: string }

async function seed(funds: string): Promise<Seeded> {
  for (const code of [COUNTY, TOWN, VILLAGE]) {
    await write(funds, 'PUT', `/api/regions/${code}`, 'admin', { name: `区划${code}` });
  }
  const household = await write(funds, 'POST', '/api/households', 'registrar', {
    villageCode: VILLAGE, headName: '王小华', idNumber: '32082619800101123X', members: 3,
    registeredOn: '2023-12-01',
  });
  const fund = await write(funds, 'POST', '/api/funds', 'finance', {
    name: '衔接资金', category: 'industry', department: '财政局', level: 'central',
    fiscalYear: 2024, countyCode: COUNTY, amountFen: 1_000_000_000, receivedOn: '2024-01-10',
  });
  const fundId = String(fund.id);
  const allocation = await write(funds, 'POST', `/api/funds/${fundId}/allocations`, 'finance', {
    target: { type: 'village', id: VILLAGE }, villageCode: VILLAGE, amountFen: 500_000_000,
    allocatedOn: '2024-02-01', perHouseholdCapFen: CAP_FEN,
  });
  return { fundId, allocationId: String(allocation.id), householdId: String(household.id) };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** What a failure needs to be understood: positions and each instance's last words. */
async function explain(store: PostgresEventStore): Promise<void> {
  const lines = [`store head ${await store.headPosition()}`];
  for (const i of fleet.instances) {
    lines.push(`--- ${i.service} pid ${i.pid}`, ...i.output().split('\n').slice(-15));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

let seeded: Seeded;
/** Every payment the funds services acknowledged, so the summary must show their sum. */
let acknowledgedFen = 0;

describe('the four services over Kafka', () => {
  it('shows every payment in the region summary within seconds and flags an over-standard one',
    async () => {
      const funds = instance('funds-service').baseUrl;
      const projector = instance('ledger-projector');
      seeded = await seed(funds);
      const latenciesMs: number[] = [];
      for (let i = 0; i < LATENCY_SAMPLES; i += 1) {
        const amountFen = 1_000 + i;
        const sentAt = Date.now();
        await write(funds, 'POST', `/api/funds/${seeded.fundId}/household-payments`, 'finance',
          payment(seeded.allocationId, seeded.householdId, amountFen));
        acknowledgedFen += amountFen;
        const expected = acknowledgedFen;
        await until('payment in summary', async () =>
          (await disbursedFen(projector)) === expected ? true : undefined);
        latenciesMs.push(Date.now() - sentAt);
      }
      const p99 = percentile(latenciesMs, 99);
      process.stdout.write(`fleet: payment → summary p50 ${percentile(latenciesMs, 50)} ms, ` +
        `p99 ${p99} ms over ${LATENCY_SAMPLES}\n`);
      expect(p99).toBeLessThanOrEqual(LATENCY_P99_MS_MAX);

      const over = await write(funds, 'POST', `/api/funds/${seeded.fundId}/household-payments`,
        'finance', payment(seeded.allocationId, seeded.householdId, CAP_FEN + 1));
      acknowledgedFen += CAP_FEN + 1;
      const alerts = instance('alert-service').baseUrl;
      const alert = await until('over-standard alert', async () => {
        const answer = await call(alerts, 'GET', `/api/alerts?rule=OVER_STANDARD_PAYMENT`,
          'auditor');
        const items = (answer.body.items ?? []) as { subject: { id: string } }[];
        return items.find((item) => item.subject.id === over.id);
      });
      expect(alert).toMatchObject({ rule: 'OVER_STANDARD_PAYMENT', regionCode: VILLAGE });
    });

  it('carries one trace from the HTTP command through the relay and Kafka to both consumers',
    async () => {
      const spans = await until('consumer spans of one payment trace', async () => {
        const roots = receiver.spans.filter((span) =>
          span.service === 'funds-service' &&
          (span.attributes['http.route'] ?? '').endsWith('household-payments'));
        for (const root of roots) {
          const trace = receiver.spans.filter((span) => span.traceId === root.traceId);
          const services = new Set(trace.map((span) => span.service));
          if (services.has('ledger-projector') && services.has('alert-service')) return trace;
        }
        return undefined;
      });
      const scopes = new Set(spans.map((span) => span.scope));
      expect([...scopes]).toEqual(expect.arrayContaining([
        '@opentelemetry/instrumentation-http', '@opentelemetry/instrumentation-pg',
        '@opentelemetry/instrumentation-kafkajs', '@opentelemetry/instrumentation-ioredis',
      ]));
      // kafkajs starts each consumed batch in a trace of its own (OpenTelemetry's messaging
      // conventions) and links every message's span to the producer span of our trace.
      const ids = new Set(spans.map((span) => span.spanId));
      const linkedConsumers = new Set(receiver.spans
        .filter((span) => span.scope === '@opentelemetry/instrumentation-kafkajs' &&
          span.links.some((link) => link.traceId === spans[0]!.traceId && ids.has(link.spanId)))
        .map((span) => span.service));
      expect([...linkedConsumers].sort()).toEqual(['alert-service', 'ledger-projector']);
    });

  it('loses and doubles nothing when a projector and the relay leader are killed', async () => {
    const second = await fleet.start('ledger-projector');
    const standby = await fleet.start('funds-service');
    const leader = instance('funds-service', 0);
    const firstProjector = instance('ledger-projector', 0);
    let sent = 0;
    const client = async () => {
      while (sent < LOAD_PAYMENTS) {
        sent += 1;
        if (sent === Math.floor(LOAD_PAYMENTS / 3)) void firstProjector.crash();
        if (sent === Math.floor(LOAD_PAYMENTS / 2)) void leader.crash();
        // Commands go to the standby, which must take the relay over once the leader died.
        // Each amount differs, so that no payment is another's duplicate (SPEC §6).
        const amountFen = 2_000 + sent;
        await write(standby.baseUrl, 'POST', `/api/funds/${seeded.fundId}/household-payments`,
          'finance', payment(seeded.allocationId, seeded.householdId, amountFen));
        acknowledgedFen += amountFen;
      }
    };
    await Promise.all(Array.from({ length: LOAD_CLIENTS }, client));
    const expected = acknowledgedFen;
    await until('every payment in the survivor projector', async () =>
      (await disbursedFen(second)) === expected ? true : undefined);

    const store = await PostgresEventStore.connect({ connectionString: fleet.databaseUrl });
    const dataSource = await openLedgerDataSource(fleet.databaseUrl);
    try {
      await ensureReadModelSchema(dataSource, 'ledger_fresh');
      const fresh = new LedgerProjection(dataSource, 'ledger_fresh');
      // Alert events keep arriving for a moment after the payments: compare once both the
      // survivor and the fresh rebuild have everything the store holds.
      const deadline = Date.now() + WAIT_MS_MAX;
      let comparison = await compareReadModels(dataSource, 'ledger', 'ledger_fresh');
      for (;;) {
        await catchUp(store, fresh);
        comparison = await compareReadModels(dataSource, 'ledger', 'ledger_fresh');
        if (comparison.differences.length === 0 || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      if (comparison.differences.length > 0) await explain(store);
      expect(comparison.differences).toEqual([]);
      expect(comparison.rowCounts.money_movements?.[0]).toBeGreaterThan(LOAD_PAYMENTS);
    } finally {
      await dataSource.destroy();
      await store.close();
    }
  });
});
