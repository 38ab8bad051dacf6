import type { DataSource } from 'typeorm';
import type { EventStore } from '@sunshine/event-store';
import { LedgerQueries, openLedgerDataSource, rebuildReadModels } from '@sunshine/ledger';
import type { CountyPlan } from '@sunshine/testing';
import { log, percentile, throughput, type Throughput } from './measure';

/** Read-model measures: full rebuild, village history replay and region summaries. */

export const LEDGER_SCHEMA = 'ledger';

export async function openLedger(url: string): Promise<DataSource> {
  return openLedgerDataSource(url, LEDGER_SCHEMA);
}

export async function rebuild(store: EventStore, dataSource: DataSource): Promise<Throughput> {
  let reported = 0;
  const result = await rebuildReadModels({
    store,
    dataSource,
    liveSchema: LEDGER_SCHEMA,
    onProgress: ({ events, headPosition }) => {
      if (events - reported >= 50_000) {
        reported = events;
        log(`rebuild: ${events} of ~${headPosition} events`);
      }
    },
  });
  return throughput(result.events, result.elapsedMs);
}

/** The last day of the generated period, so histories and summaries cover everything. */
export function lastDay(plan: CountyPlan): string {
  const { startDate, months } = plan.options;
  const end = new Date(Date.UTC(Number(startDate.slice(0, 4)),
    Number(startDate.slice(5, 7)) - 1 + months, 0));
  return end.toISOString().slice(0, 10);
}

function spread<T>(items: T[], count: number): T[] {
  const step = Math.max(1, Math.floor(items.length / count));
  return Array.from({ length: Math.min(count, items.length) }, (_, i) => items[i * step] as T);
}

export async function villageHistoryP99(
  queries: LedgerQueries, plan: CountyPlan, samples: number,
): Promise<{ p99Ms: number; p50Ms: number; samples: number; entriesMax: number }> {
  const asOf = lastDay(plan);
  const latencies: number[] = [];
  let entriesMax = 0;
  for (const village of spread(plan.villages, samples)) {
    const started = performance.now();
    const history = await queries.villageHistory(village.code, asOf);
    latencies.push(performance.now() - started);
    entriesMax = Math.max(entriesMax, history.entries.length);
  }
  return { p99Ms: percentile(latencies, 99), p50Ms: percentile(latencies, 50),
    samples: latencies.length, entriesMax };
}

/**
 * Region summaries started at a fixed rate (open loop): a slow answer does not slow the
 * arrivals, so queueing shows up in the latencies as it would for real clients.
 */
export async function regionSummaryP99(
  queries: LedgerQueries, plan: CountyPlan, ratePerSecond: number, seconds: number,
): Promise<{ p99Ms: number; p50Ms: number; requests: number; achievedRps: number }> {
  const asOf = lastDay(plan);
  const codes = [plan.county.code, ...plan.towns.map((t) => t.code),
    ...spread(plan.villages, 50).map((v) => v.code)];
  const total = ratePerSecond * seconds;
  const intervalMs = 1000 / ratePerSecond;
  const latencies: number[] = [];
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i += 1) {
    const due = started + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const regionCode = codes[i % codes.length] as string;
    inFlight.push(queries.regionSummary({ regionCode, asOf }).then(() => {
      latencies.push(performance.now() - due);
    }));
  }
  await Promise.all(inFlight);
  const elapsedS = (performance.now() - started) / 1000;
  return { p99Ms: percentile(latencies, 99), p50Ms: percentile(latencies, 50),
    requests: latencies.length, achievedRps: Math.round(latencies.length / elapsedS) };
}
