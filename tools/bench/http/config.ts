import { z } from 'zod';

/**
 * Settings of the HTTP measures (SPEC §9), from the environment. Every count has a ceiling,
 * so that a typo cannot keep a 2-core machine busy for hours.
 */

export const HTTP_CLIENTS_MAX = 512;
export const HTTP_CLIENT_LEVELS_MAX = 8;
export const STREAM_EVENTS_MAX = 1_000_000;

const count = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const clientLevels = z.string().default('8,32,128').transform((text, ctx) => {
  const levels = text.split(',').map((part) => Number(part.trim()));
  const valid = levels.length <= HTTP_CLIENT_LEVELS_MAX && levels.every((n) =>
    Number.isSafeInteger(n) && n >= 1 && n <= HTTP_CLIENTS_MAX);
  if (!valid) {
    ctx.addIssue({ code: 'custom', message: `1 to ${HTTP_CLIENT_LEVELS_MAX} client counts, ` +
      `each 1..${HTTP_CLIENTS_MAX}, comma-separated` });
    return z.NEVER;
  }
  return levels;
});

const HttpEnvSchema = z.object({
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/postgres'),
  /** 0 leaves the HTTP measures out; 1 runs only them (no store, emmett or alert bench). */
  BENCH_HTTP: z.enum(['0', '1']).default('1'),
  BENCH_HTTP_ONLY: z.enum(['0', '1']).default('0'),
  /** 1 runs only `batch_import_pps` (and the 100,000-row peak RSS line) on PostgreSQL. */
  BENCH_BATCH_ONLY: z.enum(['0', '1']).default('0'),
  /** Measured seconds of each closed-loop level and of each open-loop read measure. */
  BENCH_HTTP_SECONDS: count(10, 1, 300),
  BENCH_HTTP_WARMUP_SECONDS: count(2, 0, 60),
  BENCH_HTTP_CLIENTS: clientLevels,
  /** Events in the long fund stream of the cost-per-command and village-history measures. */
  BENCH_STREAM_EVENTS: count(200_000, 2_000, STREAM_EVENTS_MAX),
  /** Commands timed on the short stream, and at most on the long one (8 clients each). */
  BENCH_P50_COMMANDS: count(200, 8, 10_000),
  BENCH_HTTP_HISTORY_RPS: count(50, 1, 1_000),
  BENCH_HTTP_SUMMARY_RPS: count(200, 1, 5_000),
  BENCH_BATCH_ROWS: count(10_000, 1, 100_000),
  BENCH_BATCH_REQUESTS: count(3, 1, 100),
  /** Command → alert: payments per second, seconds, every n-th flagged, funds spread over. */
  BENCH_ALERT_RPS: count(500, 1, 5_000),
  BENCH_ALERT_SECONDS: count(5, 1, 120),
  BENCH_ALERT_EVERY: count(10, 1, 1_000),
  BENCH_ALERT_FUNDS: count(10, 1, 200),
  /** 1 skips the host on a PostgreSQL server (the headline keys). */
  BENCH_HTTP_SKIP_POSTGRES: z.enum(['0', '1']).default('0'),
  /** 1 skips the four services over Kafka (fleet_command_to_alert_p99_ms). */
  BENCH_HTTP_SKIP_FLEET: z.enum(['0', '1']).default('0'),
  /** 1 skips the second host on the embedded store. */
  BENCH_HTTP_SKIP_EMBEDDED: z.enum(['0', '1']).default('0'),
  BENCH_KEEP_DATABASES: z.enum(['0', '1']).default('0'),
});

export type HttpBenchConfig = z.infer<typeof HttpEnvSchema>;

export function loadHttpConfig(env: NodeJS.ProcessEnv = process.env): HttpBenchConfig {
  return HttpEnvSchema.parse(env);
}
