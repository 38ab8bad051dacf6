import type { Answer } from './client';

/**
 * Load shapes. Closed loop: N clients, each sends its next request when the previous one is
 * answered, so throughput is what the host sustains at N requests in flight. Open loop:
 * requests start on a fixed schedule whatever the answers do, and latency counts from the
 * scheduled start, so queueing in the host shows as it would for real clients.
 */

/** Answers other than the expected status: counted by status, the first few kept. */
export const ERROR_SAMPLES_MAX = 3;

export interface Errors {
  count: number;
  byStatus: Record<string, number>;
  samples: string[];
}

export const noErrors = (): Errors => ({ count: 0, byStatus: {}, samples: [] });

export function countError(errors: Errors, status: string, detail: string): void {
  errors.count += 1;
  errors.byStatus[status] = (errors.byStatus[status] ?? 0) + 1;
  if (errors.samples.length < ERROR_SAMPLES_MAX) {
    errors.samples.push(`${status} ${detail.slice(0, 200)}`);
  }
}

/** Sends one request; `seq` is unique across the run, so ids built from it never repeat. */
export type Call = (seq: number) => Promise<Answer>;

export interface ClosedLoopOptions {
  clients: number;
  warmupMs: number;
  measureMs: number;
  /** No request starts after this many have started (warm-up included). */
  requestsMax: number;
  expectedStatus: number;
  call: Call;
}

export interface LoopResult {
  /** Expected answers completed in the measured window, and their latencies in ms. */
  ok: number;
  latenciesMs: number[];
  errors: Errors;
  /** The measured window, from its start to its end or the last answer if sooner. */
  elapsedMs: number;
}

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

export async function closedLoop(options: ClosedLoopOptions): Promise<LoopResult> {
  const startedAt = performance.now();
  const measureFrom = startedAt + options.warmupMs;
  const measureUntil = measureFrom + options.measureMs;
  const result: LoopResult = { ok: 0, latenciesMs: [], errors: noErrors(), elapsedMs: 0 };
  let seq = 0;
  let lastAnswerAt = measureFrom;
  const client = async (): Promise<void> => {
    while (performance.now() < measureUntil && seq < options.requestsMax) {
      seq += 1;
      const sentAt = performance.now();
      const outcome = await options.call(seq).catch((error: unknown) => describe(error));
      const answeredAt = performance.now();
      if (sentAt < measureFrom || answeredAt > measureUntil) continue;
      lastAnswerAt = Math.max(lastAnswerAt, answeredAt);
      if (typeof outcome === 'string') countError(result.errors, 'network', outcome);
      else if (outcome.status !== options.expectedStatus) {
        countError(result.errors, String(outcome.status), outcome.text);
      } else {
        result.ok += 1;
        result.latenciesMs.push(answeredAt - sentAt);
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
  const windowEnd = seq >= options.requestsMax ? lastAnswerAt : measureUntil;
  result.elapsedMs = Math.max(0, windowEnd - measureFrom);
  return result;
}

export interface OpenLoopOptions {
  ratePerSecond: number;
  seconds: number;
  /** Requests in flight beyond this are not started (counted as skipped). */
  inFlightMax: number;
  expectedStatus: number;
  call: Call;
}

export interface OpenLoopResult extends LoopResult {
  scheduled: number;
  skipped: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const scheduled = options.ratePerSecond * options.seconds;
  const intervalMs = 1000 / options.ratePerSecond;
  const result: OpenLoopResult = { ok: 0, latenciesMs: [], errors: noErrors(), elapsedMs: 0,
    scheduled, skipped: 0 };
  const pending = new Set<Promise<void>>();
  const startedAt = performance.now();
  for (let i = 0; i < scheduled; i += 1) {
    const due = startedAt + i * intervalMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    if (pending.size >= options.inFlightMax) {
      result.skipped += 1;
      continue;
    }
    const work: Promise<void> = options.call(i + 1).then((answer) => {
      if (answer.status !== options.expectedStatus) {
        countError(result.errors, String(answer.status), answer.text);
        return;
      }
      result.ok += 1;
      result.latenciesMs.push(performance.now() - due);
    }, (error: unknown) => countError(result.errors, 'network', describe(error)))
      .finally(() => pending.delete(work));
    pending.add(work);
  }
  await Promise.all(pending);
  result.elapsedMs = performance.now() - startedAt;
  return result;
}
