import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertIdOf } from '@sunshine/alerts';
import { AlertServiceModule } from '@sunshine/alert-service';
import { FundsServiceModule } from '@sunshine/funds-service';
import { InProcessFeed } from '@sunshine/messaging';
import { createHttpApp, createRuntime, loadConfig, signToken, type Role } from '@sunshine/platform';

/**
 * Command → alert latency in embedded mode (SPEC §9): household payments are posted
 * open-loop at BENCH_ALERT_RPS (500) per second for BENCH_ALERT_SECONDS (5); every
 * BENCH_ALERT_EVERY-th (10th) pays a household no registry knows, which the rules flag.
 * For each of those, latency runs from the command's answer to the alert being served by
 * GET /api/alerts/{id}. Progress goes to stderr; the last stdout line is the JSON result.
 */

const COUNTY = '320826';
const VILLAGE = '320826100201';
const SECRET = 'bench-alert-latency-secret-0123456789';
const POLL_INTERVAL_MS = 10;
const ALERT_WAIT_MS_MAX = 30_000;
/** Commands in flight beyond this are not started: the host is saturated. */
const IN_FLIGHT_MAX = 512;

const intEnv = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be positive`);
  return value;
};

const settings = {
  rps: intEnv('BENCH_ALERT_RPS', 500),
  seconds: intEnv('BENCH_ALERT_SECONDS', 5),
  alertEvery: intEnv('BENCH_ALERT_EVERY', 10),
  // Payments spread over this many funds: one fund is one stream, and a stream takes one
  // write at a time, so a single fund would measure stream contention, not alerts.
  funds: intEnv('BENCH_ALERT_FUNDS', 50),
};

function percentile(samples: number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[rank] ?? 0) * 10) / 10;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Client {
  request(method: string, path: string, token: string, body?: unknown): Promise<Response>;
  token(role: Role): string;
}

function client(baseUrl: string): Client {
  return {
    request: (method, path, token, body) =>
      fetch(`${baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    token: (role) => signToken({ sub: `bench-${role}`, role, regions: [COUNTY] }, SECRET),
  };
}

async function created(response: Promise<Response>): Promise<string> {
  const answer = await response;
  const body = (await answer.json()) as { id?: string };
  if (answer.status !== 201 || !body.id) throw new Error(`setup failed: ${JSON.stringify(body)}`);
  return body.id;
}

async function seed(http: Client): Promise<string[]> {
  const registrar = http.token('registrar');
  await created(http.request('POST', '/api/households', registrar, {
    householdId: 'bench-known', villageCode: VILLAGE, headName: '王小华',
    idNumber: '32082619900101123X', members: 3, registeredOn: '2023-01-01',
  }));
  const fundIds: string[] = [];
  for (let f = 0; f < settings.funds; f += 1) fundIds.push(await seedFund(http));
  return fundIds;
}

async function seedFund(http: Client): Promise<string> {
  const finance = http.token('finance');
  const fundId = await created(http.request('POST', '/api/funds', finance, {
    name: 'bench fund', category: 'industry', department: 'finance', level: 'county',
    fiscalYear: 2024, countyCode: COUNTY, amountFen: 1_000_000_000_000, receivedOn: '2024-01-02',
  }));
  await created(http.request('POST', `/api/funds/${fundId}/allocations`, finance, {
    allocationId: 'bench-a1', target: { type: 'village', id: VILLAGE }, villageCode: VILLAGE,
    amountFen: 1_000_000_000_000, allocatedOn: '2024-01-05',
  }));
  return fundId;
}

/** Resolves with the ms from `answeredAt` until the alert is served, or null on timeout. */
async function waitForAlert(http: Client, token: string, alertId: string, answeredAt: number) {
  while (performance.now() - answeredAt < ALERT_WAIT_MS_MAX) {
    const response = await http.request('GET', `/api/alerts/${alertId}`, token);
    await response.arrayBuffer();
    if (response.status === 200) return performance.now() - answeredAt;
    await sleep(POLL_INTERVAL_MS);
  }
  return null;
}

interface Tally {
  latencies: number[];
  misses: number[];
  /** Commands answered with anything but 201; their first answers are kept as samples. */
  failures: number;
  failureSamples: string[];
}

const FAILURE_SAMPLES_MAX = 3;

async function pay(http: Client, fundId: string, i: number, tally: Tally): Promise<void> {
  const flagged = i % settings.alertEvery === 0;
  const householdId = flagged ? `bench-ghost-${i}` : 'bench-known';
  const paymentId = `bench-p-${i}`;
  const response = await http.request('POST', `/api/funds/${fundId}/household-payments`,
    http.token('finance'), {
      paymentId, allocationId: 'bench-a1', householdId, amountFen: 1_000 + i,
      paidOn: '2024-03-01', channel: 'bank', voucherNo: `v-${i}`,
    });
  if (response.status !== 201) {
    tally.failures += 1;
    const text = `${response.status} ${(await response.text()).slice(0, 200)}`;
    if (tally.failureSamples.length < FAILURE_SAMPLES_MAX) tally.failureSamples.push(text);
    return;
  }
  await response.arrayBuffer();
  if (!flagged) return;
  const alertId = alertIdOf({
    rule: 'PAYMENT_TO_INELIGIBLE_HOUSEHOLD',
    subject: { type: 'payment', id: paymentId },
    cause: `household:${householdId}`,
  });
  const latency = await waitForAlert(http, http.token('auditor'), alertId, performance.now());
  if (latency === null) tally.misses.push(i);
  else tally.latencies.push(latency);
}

async function drive(http: Client, fundIds: string[]) {
  const tally: Tally = { latencies: [], misses: [], failures: 0, failureSamples: [] };
  const pending = new Set<Promise<void>>();
  const total = settings.rps * settings.seconds;
  let skipped = 0;
  const startedAt = performance.now();
  for (let i = 1; i <= total; i += 1) {
    const due = startedAt + (i * 1000) / settings.rps;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    if (pending.size >= IN_FLIGHT_MAX) {
      skipped += 1;
      continue;
    }
    const fundId = fundIds[i % fundIds.length] ?? '';
    const work: Promise<void> = pay(http, fundId, i, tally).finally(() => pending.delete(work));
    pending.add(work);
  }
  await Promise.all(pending);
  const elapsedMs = performance.now() - startedAt;
  return { ...tally, skipped, total, elapsedMs };
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sunshine-alert-bench-'));
  // BENCH_ALERT_DATABASE_URL runs the same measure on a PostgreSQL server for comparison.
  const postgresUrl = process.env.BENCH_ALERT_DATABASE_URL;
  const store = postgresUrl
    ? { EVENT_STORE: 'postgres', DATABASE_URL: postgresUrl }
    : { EVENT_STORE: 'embedded' };
  const config = loadConfig({
    NODE_ENV: 'test', PORT: '0', ...store, SUNSHINE_DATA_DIR: dataDir,
    SUNSHINE_DEMO: '0', SUNSHINE_JWT_SECRET: SECRET, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
  });
  const runtime = await createRuntime(config, {
    createFeed: ({ store }) => new InProcessFeed({ store }),
  });
  const app = await createHttpApp(
    [FundsServiceModule.register(runtime), AlertServiceModule.register(runtime)],
    runtime,
  );
  try {
    await app.listen(0, '127.0.0.1');
    const http = client((await app.getUrl()).replace('[::1]', '127.0.0.1'));
    const fundIds = await seed(http);
    process.stderr.write(`alert latency: ${settings.rps} commands/s for ${settings.seconds} s\n`);
    const run = await drive(http, fundIds);
    process.stdout.write(`${JSON.stringify({
      mode: postgresUrl ? 'postgres' : 'embedded',
      command_to_alert_p50_ms: percentile(run.latencies, 50),
      command_to_alert_p99_ms: percentile(run.latencies, 99),
      command_to_alert_max_ms: percentile(run.latencies, 100),
      alerts_measured: run.latencies.length,
      alerts_missed: run.misses.length,
      commands_target: run.total,
      commands_skipped_saturated: run.skipped,
      commands_failed: run.failures,
      command_failure_samples: run.failureSamples,
      target_commands_per_s: settings.rps,
      achieved_commands_per_s: Math.round(((run.total - run.skipped) * 1000) / run.elapsedMs),
    })}\n`);
  } finally {
    await app.close();
    await runtime.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`alert latency bench failed: ${String(error)}\n`);
  process.exitCode = 1;
});
