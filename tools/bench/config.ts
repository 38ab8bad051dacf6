import { z } from 'zod';

/**
 * Benchmark settings from the environment. Every count has a ceiling, so that a typo cannot
 * ask a 2-core machine for a week of work.
 */

export const BENCH_EVENTS_DEFAULT = 200_000;
export const BENCH_EVENTS_MAX = 5_000_000;
/** Events the generator writes for the full HUAIAN_SCALE preset (measured: ≈2.05 million). */
export const HUAIAN_EVENTS_ESTIMATE = 2_050_000;

const count = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const EnvSchema = z.object({
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/postgres'),
  BENCH_EVENTS: count(BENCH_EVENTS_DEFAULT, 1_000, BENCH_EVENTS_MAX),
  /** Events appended one per call in the command measure. */
  BENCH_COMMAND_EVENTS: count(20_000, 100, 1_000_000),
  /** Concurrent command writers (the SPEC asks for 8 or more). */
  BENCH_WRITERS: count(64, 8, 1_000),
  /** Events per appendBulk call (the SPEC asks for 100 or more; the store takes 50,000). */
  BENCH_BULK_BATCH: count(2_000, 100, 50_000),
  /** Calls in flight for emmett's per-stream bulk appends and for stream reads. */
  BENCH_CONCURRENCY: count(8, 1, 64),
  BENCH_HISTORY_SAMPLES: count(100, 1, 10_000),
  BENCH_SUMMARY_RPS: count(200, 1, 5_000),
  BENCH_SUMMARY_SECONDS: count(5, 1, 600),
  BENCH_SEED: count(320_800, 0, 2 ** 32 - 1),
  BENCH_KEEP_DATABASES: z.enum(['0', '1']).default('0'),
  BENCH_SKIP_EMMETT: z.enum(['0', '1']).default('0'),
});

export type BenchConfig = z.infer<typeof EnvSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): BenchConfig {
  return EnvSchema.parse(env);
}
