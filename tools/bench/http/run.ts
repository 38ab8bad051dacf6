import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, dropDatabase } from '../databases';
import { log } from '../measure';
import { commandToAlert } from './alerts';
import { batchImport } from './batch';
import { fleetCommandToAlert } from './fleet';
import { HTTP_CLIENTS_MAX, type HttpBenchConfig } from './config';
import { httpClient, VILLAGE_CPS, VILLAGE_LONG, type HttpClient } from './client';
import { startHost, stopLeftoverPostmaster, type Host, type HostOptions } from './host';
import { commandLevel, commandP50, READ_IN_FLIGHT_MAX, READ_TIMEOUT_MS, regionSummaryLoad,
  singleHistory, villageHistoryLoad, waitForProjection, type CommandLevel, type ReadLoad,
  type Sequence } from './measures';
import { seedCounty, seedFund, type SeededFund } from './seed';
import { growFundStream, headPosition } from './stream';

/**
 * The HTTP measures (SPEC §9/§10) against the real host in a child process: on a fresh
 * PostgreSQL database (the headline keys), then on the embedded default. Hosts are stopped,
 * their data directories removed and the database dropped, whatever fails.
 */

export type Results = Record<string, number | string | null>;

export interface HttpRun {
  config: HttpBenchConfig;
  results: Results;
  notes: Record<string, string>;
  secret: string;
  sequence: Sequence;
}

export const HTTP_KEYS = ['command_to_alert_p99_ms',
  'http_command_cps_8', 'http_command_cps_32', 'http_command_cps_128',
  'embedded_http_command_cps_8', 'embedded_http_command_cps_32', 'embedded_http_command_cps_128',
  'command_p50_ratio_200k_1k', 'batch_import_pps', 'http_history_p99_ms', 'http_summary_p99_ms',
  'fleet_command_to_alert_p99_ms'];
/** The short stream of the cost-per-command measure. */
const SHORT_STREAM_EVENTS = 1_000;
const PROJECTION_WAIT_MS_MAX = 300_000;
/** The last line of the host's startup banner. */
const BANNER_END = /e\.g\. curl[^\n]*\n/;

async function withHost<T>(options: HostOptions, secret: string,
  work: (http: HttpClient, host: Host) => Promise<T>): Promise<T> {
  const host = await startHost(options);
  const http = httpClient(host.baseUrl, HTTP_CLIENTS_MAX, secret);
  try {
    return await work(http, host);
  } finally {
    http.close();
    const code = await host.stop();
    // At LOG_LEVEL=warn whatever follows the banner is a warning or an error: show its end.
    const tail = host.outputTail();
    const logged = code === 0 ? (tail.split(BANNER_END).pop()?.trim() ?? '') : tail;
    if (code !== 0 || logged) log(`http: host exited ${code}; log tail: ${logged.slice(-1_500)}`);
  }
}

async function attempt(run: HttpRun, key: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    run.notes[key] = reason.slice(0, 300);
    log(`http: ${key} failed: ${reason.slice(0, 1_000)}`);
  }
}

function recordErrors(run: HttpRun, key: string, level: { result: CommandLevel['result'] }) {
  const { errors } = level.result;
  run.results[`${key}_errors`] = errors.count;
  if (errors.count > 0) {
    const samples = errors.samples.join(' | ');
    run.notes[`${key}_errors`] = `${JSON.stringify(errors.byStatus)}; ${samples}`;
  }
}

async function commandLevels(run: HttpRun, http: HttpClient, prefix: string): Promise<void> {
  const { config } = run;
  for (const clients of config.BENCH_HTTP_CLIENTS) {
    const key = `${prefix}http_command_cps_${clients}`;
    await attempt(run, key, async () => {
      // A fresh fund per level: on today's command path a longer stream costs more, and the
      // levels would otherwise inherit each other's events.
      const fund = await seedFund(http, `bench-${prefix}cps-${clients}`, VILLAGE_CPS);
      const level = await commandLevel(http, fund, run.sequence, { clients,
        warmupMs: config.BENCH_HTTP_WARMUP_SECONDS * 1000,
        measureMs: config.BENCH_HTTP_SECONDS * 1000 });
      run.results[key] = level.commandsPerSecond;
      run.results[`${prefix}http_command_p50_ms_${clients}`] = level.p50Ms;
      run.results[`${prefix}http_command_p99_ms_${clients}`] = level.p99Ms;
      recordErrors(run, `${prefix}http_command_${clients}`, level);
      log(`http: ${key} = ${level.commandsPerSecond}/s (p50 ${level.p50Ms} ms, p99 ` +
        `${level.p99Ms} ms, ${level.result.errors.count} errors)`);
    });
  }
}

/** A process's resident set (VmRSS) or its peak (VmHWM) in MB, null where /proc has none. */
async function rssMb(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): Promise<number | null> {
  if (pid === undefined) return null;
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1];
  return kb === undefined ? null : Math.round(Number(kb) / 1024);
}

/** SPEC §11 memory: one 100,000-row batch on a fresh host, with the host's peak RSS. */
async function largeBatch(run: HttpRun, http: HttpClient, host: Host): Promise<void> {
  await attempt(run, 'batch_import_100k_peak_rss_mb', async () => {
    const fund = await seedFund(http, 'bench-batch-100k', VILLAGE_CPS);
    run.results.batch_import_100k_rss_before_mb = await rssMb(host.pid, 'VmRSS');
    const outcome = await batchImport(http, fund, run.sequence, { rows: 100_000, requests: 1 });
    if ('reason' in outcome) throw new Error(outcome.reason);
    run.results.batch_import_100k_pps = outcome.paymentsPerSecond;
    run.results.batch_import_100k_peak_rss_mb = await rssMb(host.pid, 'VmHWM');
    log(`http: 100k batch ${JSON.stringify(outcome)}, RSS ` +
      `${String(run.results.batch_import_100k_rss_before_mb)} MB before, peak ` +
      `${String(run.results.batch_import_100k_peak_rss_mb)} MB`);
  });
}

async function batchOnly(run: HttpRun): Promise<void> {
  const serverUrl = run.config.DATABASE_URL;
  const db = await createDatabase(serverUrl, 'http');
  try {
    await withDataDir(async (dataDir) => {
      const host = { dataDir, jwtSecret: run.secret, databaseUrl: db.url };
      await withHost(host, run.secret, async (http, running) => {
        await seedCounty(http);
        await largeBatch(run, http, running);
      });
      await withHost(host, run.secret, (http) => batches(run, http));
    });
  } finally {
    if (run.config.BENCH_KEEP_DATABASES !== '1') await dropDatabase(serverUrl, db);
  }
}

async function batches(run: HttpRun, http: HttpClient): Promise<void> {
  await attempt(run, 'batch_import_pps', async () => {
    const fund = await seedFund(http, 'bench-batches', VILLAGE_CPS);
    const outcome = await batchImport(http, fund, run.sequence, {
      rows: run.config.BENCH_BATCH_ROWS, requests: run.config.BENCH_BATCH_REQUESTS });
    run.results.batch_import_pps = outcome.paymentsPerSecond;
    if ('reason' in outcome) run.notes.batch_import_pps = outcome.reason;
    else run.results.batch_import_rows = outcome.rows;
    log(`http: batch import ${JSON.stringify(outcome)}`);
  });
}

async function caughtUp(run: HttpRun, http: HttpClient, databaseUrl: string, key: string) {
  const head = await headPosition(databaseUrl);
  const wait = await waitForProjection(http, head, PROJECTION_WAIT_MS_MAX);
  run.results[`${key}_projection_wait_ms`] = wait.waitedMs;
  if (!wait.caughtUp) {
    run.notes[`${key}_projection`] = `the projection reached ${wait.position} of ${head} ` +
      `in ${PROJECTION_WAIT_MS_MAX} ms; measured anyway`;
  }
  log(`http: projection at ${wait.position} of ${head} after ${wait.waitedMs} ms`);
}

async function p50At(run: HttpRun, http: HttpClient, fund: SeededFund, label: string) {
  const level = await commandP50(http, fund, run.sequence, {
    commandsMax: run.config.BENCH_P50_COMMANDS, measureMs: run.config.BENCH_HTTP_SECONDS * 1000 });
  run.results[`command_p50_ms_${label}`] = level.p50Ms;
  run.results[`command_p50_samples_${label}`] = level.ok;
  recordErrors(run, `command_p50_${label}`, level);
  log(`http: command p50 at ${label}: ${level.p50Ms} ms over ${level.ok} commands ` +
    `(${level.result.errors.count} errors)`);
  return level.p50Ms;
}

function recordRead(run: HttpRun, key: string, load: ReadLoad): void {
  const incomplete = load.skipped + load.errors.count;
  run.results[`${key}_p99_ms`] = load.p99Ms;
  run.results[`${key}_p50_ms`] = load.p50Ms;
  run.results[`${key}_requests`] = load.ok;
  run.results[`${key}_incomplete`] = incomplete;
  run.results[`${key}_achieved_rps`] = load.achievedRps;
  if (incomplete > load.scheduled / 100) {
    // More than 1% unanswered: the p99 is at least the time a client waited for them.
    run.results[`${key}_p99_ms`] = READ_TIMEOUT_MS;
    run.notes[`${key}_p99_ms`] = `${load.skipped} of ${load.scheduled} requests skipped ` +
      `(over ${READ_IN_FLIGHT_MAX} in flight) and ${load.errors.count} failed (${JSON.stringify(
        load.errors.byStatus)}: ${load.errors.samples.join(' | ')}): the p99 over answered ` +
      `requests was ${load.p99Ms} ms; reported as the ${READ_TIMEOUT_MS} ms timeout ` +
      '(a lower bound)';
  }
  log(`http: ${key} p99 ${load.p99Ms} ms, p50 ${load.p50Ms} ms, ${load.ok} answered, ` +
    `${incomplete} incomplete`);
}

async function longStream(run: HttpRun, http: HttpClient, fund: SeededFund, url: string) {
  const { config } = run;
  await caughtUp(run, http, url, 'http_long_stream');
  await attempt(run, 'command_p50_ms_200k', async () => {
    const p50Long = await p50At(run, http, fund, '200k');
    const p50Short = run.results.command_p50_ms_1k;
    if (typeof p50Short === 'number' && p50Long !== null && p50Short > 0) {
      run.results.command_p50_ratio_200k_1k = Math.round((p50Long / p50Short) * 100) / 100;
    } else {
      run.notes.command_p50_ratio_200k_1k = 'a p50 is missing (see command_p50_ms_* notes)';
    }
  });
  // Summaries first: a history request the client gave up on still runs in the host.
  await attempt(run, 'http_summary_p99_ms', async () => {
    const load = await regionSummaryLoad(http, { ratePerSecond: config.BENCH_HTTP_SUMMARY_RPS,
      seconds: config.BENCH_HTTP_SECONDS });
    recordRead(run, 'http_summary', load);
  });
  await attempt(run, 'http_history_p99_ms', async () => {
    const single = await singleHistory(http);
    run.results.http_history_single_ms = single.ms;
    run.results.http_history_single_bytes = single.bytes;
    const load = await villageHistoryLoad(http, { ratePerSecond: config.BENCH_HTTP_HISTORY_RPS,
      seconds: config.BENCH_HTTP_SECONDS });
    recordRead(run, 'http_history', load);
  });
}

async function postgresPhase(run: HttpRun, dataDir: string, url: string): Promise<void> {
  const { config } = run;
  const host: HostOptions = { dataDir, jwtSecret: run.secret, databaseUrl: url };
  const long = await withHost(host, run.secret, async (http) => {
    await seedCounty(http);
    await commandLevels(run, http, '');
    await batches(run, http);
    return seedFund(http, 'bench-long', VILLAGE_LONG);
  });
  // The stream grows with no host running, and each host cold-starts on it.
  run.results.command_p50_events_1k = await growFundStream(url, long.fundId,
    VILLAGE_LONG, SHORT_STREAM_EVENTS);
  await withHost(host, run.secret, async (http) => {
    await caughtUp(run, http, url, 'http_short_stream');
    await attempt(run, 'command_p50_ms_1k', async () => void (await p50At(run, http, long, '1k')));
  });
  log(`http: growing fund stream to ${config.BENCH_STREAM_EVENTS} events`);
  run.results.command_p50_events_200k = await growFundStream(url, long.fundId,
    VILLAGE_LONG, config.BENCH_STREAM_EVENTS);
  run.results.http_history_stream_events = run.results.command_p50_events_200k;
  await withHost(host, run.secret, (http) => longStream(run, http, long, url));
}

async function withDataDir(work: (dataDir: string) => Promise<void>): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sunshine-http-bench-'));
  // As root the embedded store runs PostgreSQL as the OS user `postgres`, which must be able
  // to enter the directory that mkdtemp made private.
  await chmod(dataDir, 0o755);
  try {
    await work(dataDir);
  } finally {
    await stopLeftoverPostmaster(dataDir);
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function onPostgres(run: HttpRun): Promise<void> {
  const serverUrl = run.config.DATABASE_URL;
  const db = await createDatabase(serverUrl, 'http');
  try {
    await withDataDir((dataDir) => postgresPhase(run, dataDir, db.url));
  } finally {
    if (run.config.BENCH_KEEP_DATABASES !== '1') await dropDatabase(serverUrl, db);
  }
}

/** Command → alert on the embedded default, as SPEC §9 asks. */
async function alertLatency(run: HttpRun, http: HttpClient): Promise<void> {
  const { config } = run;
  await attempt(run, 'command_to_alert_p99_ms', async () => {
    const latency = await commandToAlert(http, run.sequence, {
      ratePerSecond: config.BENCH_ALERT_RPS, seconds: config.BENCH_ALERT_SECONDS,
      alertEvery: config.BENCH_ALERT_EVERY, funds: config.BENCH_ALERT_FUNDS });
    run.results.command_to_alert_p99_ms = latency.p99Ms;
    for (const [name, value] of Object.entries(latency)) {
      if (name !== 'p99Ms') run.results[`command_to_alert_${name}`] = value;
    }
    log(`http: command to alert ${JSON.stringify(latency)}`);
  });
}

/** The same measure on the four services over Kafka. */
async function fleetAlertLatency(run: HttpRun): Promise<void> {
  const { config } = run;
  await attempt(run, 'fleet_command_to_alert_p99_ms', async () => {
    const latency = await fleetCommandToAlert(run.sequence, {
      ratePerSecond: config.BENCH_ALERT_RPS, seconds: config.BENCH_ALERT_SECONDS,
      alertEvery: config.BENCH_ALERT_EVERY, funds: config.BENCH_ALERT_FUNDS });
    run.results.fleet_command_to_alert_p99_ms = latency.p99Ms;
    for (const [name, value] of Object.entries(latency)) {
      if (name !== 'p99Ms') run.results[`fleet_command_to_alert_${name}`] = value;
    }
    log(`fleet: command to alert ${JSON.stringify(latency)}`);
  });
}

async function onEmbedded(run: HttpRun): Promise<void> {
  await withDataDir((dataDir) => withHost({ dataDir, jwtSecret: run.secret }, run.secret,
    async (http) => {
      await seedCounty(http);
      // First, on a host with nothing left to project from earlier measures.
      await alertLatency(run, http);
      await commandLevels(run, http, 'embedded_');
    }));
}

export async function runHttpMeasures(config: HttpBenchConfig): Promise<HttpRun> {
  const run: HttpRun = { config, results: {}, notes: {}, sequence: { last: 0 },
    secret: `bench-http-${randomBytes(24).toString('hex')}` };
  for (const key of HTTP_KEYS) run.results[key] = null;
  // Other work on a shared machine takes its share of the CPU from every figure.
  run.results.http_load_average_1m = Math.round((loadavg()[0] ?? 0) * 100) / 100;
  if (config.BENCH_HTTP === '0') {
    run.notes.http = 'skipped: BENCH_HTTP=0';
    return run;
  }
  if (config.BENCH_BATCH_ONLY === '1') {
    await attempt(run, 'http_batches', () => batchOnly(run));
    return run;
  }
  if (config.BENCH_HTTP_SKIP_POSTGRES === '1') {
    run.notes.http_postgres = 'skipped: BENCH_HTTP_SKIP_POSTGRES=1';
  } else {
    await attempt(run, 'http_postgres', () => onPostgres(run));
  }
  if (config.BENCH_HTTP_SKIP_FLEET === '1') {
    run.notes.fleet_command_to_alert_p99_ms = 'skipped: BENCH_HTTP_SKIP_FLEET=1';
  } else {
    await fleetAlertLatency(run);
  }
  if (config.BENCH_HTTP_SKIP_EMBEDDED === '1') {
    run.notes.embedded_http = 'skipped: BENCH_HTTP_SKIP_EMBEDDED=1';
  } else {
    await attempt(run, 'embedded_http', () => onEmbedded(run));
  }
  return run;
}
