/** Timing helpers: throughput, percentiles and a bounded pool of concurrent workers. */

export interface Throughput {
  events: number;
  elapsedMs: number;
  eventsPerSecond: number;
}

export function throughput(events: number, elapsedMs: number): Throughput {
  return {
    events,
    elapsedMs: Math.round(elapsedMs),
    eventsPerSecond: elapsedMs > 0 ? Math.round((events * 1000) / elapsedMs) : 0,
  };
}

/** The nearest-rank percentile of the samples, in their unit, to 0.1. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[rank] ?? 0) * 10) / 10;
}

/** Runs `work` over the items with at most `concurrency` in flight; order of start is kept. */
export async function forEachConcurrent<T>(
  items: readonly T[], concurrency: number, work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

export function ratio(ours: number | null, theirs: number | null): number | null {
  if (ours === null || theirs === null || theirs === 0) return null;
  return Math.round((ours / theirs) * 100) / 100;
}
