import { PostgresEventStore } from '@sunshine/event-store';
import { LedgerQueries } from '@sunshine/ledger';
import { loadConfig, type BenchConfig } from './config';
import { createDatabase, dropDatabase, fsyncSetting, type BenchDatabase } from './databases';
import { benchCounty, commandEvents } from './dataset';
import { connectEmmett, emmettBulkAppend, emmettCommandAppend, emmettReadStreams } from './emmett';
import { LEDGER_SCHEMA, openLedger, rebuild, regionSummaryP99, villageHistoryP99 } from './ledger';
import { loadHttpConfig } from './http/config';
import { HTTP_KEYS, runHttpMeasures } from './http/run';
import { log, ratio, type Throughput } from './measure';
import { bulkAppend, commandAppend, readStreams } from './ours';

/**
 * `npm run bench` (SPEC §9): appends, reads and read-model measures on the PostgreSQL event
 * store, the same appends and reads through emmett-postgresql, then one JSON line with the
 * SPEC §10 keys. Scale with BENCH_EVENTS (see tools/bench/README.md).
 */

type Results = Record<string, number | string | null>;

interface Run {
  config: BenchConfig;
  results: Results;
  notes: Record<string, string>;
  databases: BenchDatabase[];
}

async function attempt<T>(run: Run, key: string, work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    run.notes[key] = reason.slice(0, 300);
    log(`${key} failed: ${reason}`);
    return null;
  }
}

async function database(run: Run, purpose: string): Promise<BenchDatabase> {
  const created = await createDatabase(run.config.DATABASE_URL, purpose);
  run.databases.push(created);
  return created;
}

function record(run: Run, key: string, measure: Throughput | null): void {
  run.results[key] = measure?.eventsPerSecond ?? null;
  if (measure) log(`${key}: ${measure.eventsPerSecond} events/s (${measure.events} events)`);
}

async function ourStore(run: Run, county: ReturnType<typeof benchCounty>): Promise<void> {
  const { config } = run;
  const main = await database(run, 'ours');
  const store = await PostgresEventStore.connect({ connectionString: main.url });
  try {
    const bulk = await attempt(run, 'bulk_append_eps', () =>
      bulkAppend(store, county, config.BENCH_BULK_BATCH));
    record(run, 'bulk_append_eps', bulk?.result ?? null);
    run.results.bulk_events = bulk?.result.events ?? null;
    const read = bulk ? await attempt(run, 'read_eps', () =>
      readStreams(store, bulk.streamIds, config.BENCH_CONCURRENCY)) : null;
    record(run, 'read_eps', read);
    run.results.read_events = read?.events ?? null;
    await readModels(run, store, main, county);
  } finally {
    await store.close();
  }
  const commands = commandEvents(county, config.BENCH_COMMAND_EVENTS);
  run.results.command_events = commands.length;
  const cmdDb = await database(run, 'ourscmd');
  const cmdStore = await PostgresEventStore.connect({ connectionString: cmdDb.url,
    poolSizeMax: config.BENCH_CONCURRENCY });
  try {
    record(run, 'command_append_eps', await attempt(run, 'command_append_eps', () =>
      commandAppend(cmdStore, commands, config.BENCH_WRITERS)));
  } finally {
    await cmdStore.close();
  }
}

async function readModels(run: Run, store: PostgresEventStore, db: BenchDatabase,
  county: ReturnType<typeof benchCounty>): Promise<void> {
  const dataSource = await openLedger(db.url);
  try {
    const rebuilt = await attempt(run, 'rebuild_eps', () => rebuild(store, dataSource));
    record(run, 'rebuild_eps', rebuilt);
    run.results.rebuild_events = rebuilt?.events ?? null;
    const queries = new LedgerQueries({ db: dataSource, schema: LEDGER_SCHEMA, store });
    const history = await attempt(run, 'village_history_p99_ms', () =>
      villageHistoryP99(queries, county.plan, run.config.BENCH_HISTORY_SAMPLES));
    run.results.village_history_p99_ms = history?.p99Ms ?? null;
    run.results.village_history_samples = history?.samples ?? null;
    if (history) log(`village history: ${JSON.stringify(history)}`);
    const summary = await attempt(run, 'region_summary_p99_ms', () => regionSummaryP99(queries,
      county.plan, run.config.BENCH_SUMMARY_RPS, run.config.BENCH_SUMMARY_SECONDS));
    run.results.region_summary_p99_ms = summary?.p99Ms ?? null;
    run.results.region_summary_requests = summary?.requests ?? null;
    run.results.region_summary_rps = summary?.achievedRps ?? null;
    if (summary) log(`region summary: ${JSON.stringify(summary)}`);
  } finally {
    await dataSource.destroy();
  }
}

async function emmettStore(run: Run, county: ReturnType<typeof benchCounty>): Promise<void> {
  const { config } = run;
  const main = await database(run, 'emmett');
  const store = connectEmmett(main.url);
  try {
    const bulk = await attempt(run, 'emmett_bulk_append_eps', () =>
      emmettBulkAppend(store, county, config.BENCH_CONCURRENCY));
    record(run, 'emmett_bulk_append_eps', bulk?.result ?? null);
    const read = bulk ? await attempt(run, 'emmett_read_eps', () =>
      emmettReadStreams(store, bulk.streamIds, config.BENCH_CONCURRENCY)) : null;
    record(run, 'emmett_read_eps', read);
    run.results.emmett_read_events = read?.events ?? null;
  } finally {
    await store.close();
  }
  const commands = commandEvents(county, config.BENCH_COMMAND_EVENTS);
  const cmdDb = await database(run, 'emmettcmd');
  const cmdStore = connectEmmett(cmdDb.url);
  try {
    record(run, 'emmett_command_append_eps', await attempt(run, 'emmett_command_append_eps',
      () => emmettCommandAppend(cmdStore, commands, config.BENCH_WRITERS)));
  } finally {
    await cmdStore.close();
  }
}

function finish(run: Run, fsync: string): void {
  const r = run.results;
  const num = (key: string): number | null => (typeof r[key] === 'number' ? r[key] : null);
  r.bulk_append_ratio = ratio(num('bulk_append_eps'), num('emmett_bulk_append_eps'));
  r.command_append_ratio = ratio(num('command_append_eps'), num('emmett_command_append_eps'));
  r.read_ratio = ratio(num('read_eps'), num('emmett_read_eps'));
  log(`our/emmett ratios: bulk ${r.bulk_append_ratio}, command ${r.command_append_ratio}, ` +
    `read ${r.read_ratio} (fsync=${fsync})`);
  process.stdout.write(`${JSON.stringify({ ...r, fsync, notes: run.notes })}\n`);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const fsync = await fsyncSetting(config.DATABASE_URL);
  const county = benchCounty(config);
  const run: Run = { config, results: {}, notes: {}, databases: [] };
  const keys = ['bulk_append_eps', 'emmett_bulk_append_eps', 'command_append_eps',
    'emmett_command_append_eps', 'read_eps', 'emmett_read_eps', 'rebuild_eps',
    'village_history_p99_ms', 'region_summary_p99_ms'];
  for (const key of keys) run.results[key] = null;
  // Every SPEC §10 key is printed, null with a note when its measure could not run.
  for (const key of HTTP_KEYS) run.results[key] = null;
  const httpConfig = loadHttpConfig();
  if (httpConfig.BENCH_HTTP_ONLY === '1' || httpConfig.BENCH_BATCH_ONLY === '1') {
    const only = httpConfig.BENCH_BATCH_ONLY === '1' ? 'BENCH_BATCH_ONLY' : 'BENCH_HTTP_ONLY';
    for (const key of keys) run.notes[key] = `skipped: ${only}=1`;
    const http = await runHttpMeasures(httpConfig);
    Object.assign(run.results, http.results);
    Object.assign(run.notes, http.notes);
    finish(run, fsync);
    return;
  }
  const { towns, villagesPerTown, householdsPerVillage, funds, projects } = county.options;
  log(`county: ${towns} towns × ${villagesPerTown} villages × ${householdsPerVillage} ` +
    `households, ${funds} funds, ${projects} projects (target ${config.BENCH_EVENTS} events)`);
  try {
    await ourStore(run, county);
    if (config.BENCH_SKIP_EMMETT === '1') run.notes.emmett = 'skipped: BENCH_SKIP_EMMETT=1';
    else await attempt(run, 'emmett', () => emmettStore(run, county));
    const http = await runHttpMeasures(httpConfig);
    Object.assign(run.results, http.results);
    Object.assign(run.notes, http.notes);
  } finally {
    if (config.BENCH_KEEP_DATABASES !== '1') {
      for (const db of run.databases) await dropDatabase(config.DATABASE_URL, db);
    }
  }
  run.results.events_generated = run.results.bulk_events ?? null;
  finish(run, fsync);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
