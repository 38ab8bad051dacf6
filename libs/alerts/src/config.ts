import { z } from 'zod';

/**
 * Rule parameters (SPEC §6), read from the environment with the SPEC defaults. The window
 * lengths that the SPEC fixes (30 days for duplicates, 7 for splits, 90 for retention age)
 * are constants here rather than settings, because the rule ids promise them.
 */

export const DUPLICATE_WINDOW_DAYS = 30;
export const SPLIT_WINDOW_DAYS = 7;
export const SPLIT_COUNT_MIN = 3;
export const RETENTION_MIN_AGE_DAYS = 90;
export const SCAN_INTERVAL_MS_DEFAULT = 24 * 3600 * 1000;
/** A scan interval shorter than this would let schedulers of a fleet trip over each other. */
export const SCAN_INTERVAL_MS_MIN = 1000;

const positiveInt = z.coerce.number().int().positive();

const envSchema = z.object({
  SPLIT_THRESHOLD_FEN: positiveInt.max(10_000_000_000_000).default(5_000_000),
  POVERTY_LINE_FEN: positiveInt.max(10_000_000_000_000).default(600_000),
  IDLE_DAYS: positiveInt.max(36_500).default(90),
  STALL_DAYS: positiveInt.max(36_500).default(180),
  DISTRIBUTION_DAYS: positiveInt.max(36_500).default(180),
  CONFIRM_DAYS: positiveInt.max(36_500).default(30),
  VISIT_DAYS: positiveInt.max(36_500).default(90),
  WATCH_LINE_FEN: positiveInt.max(10_000_000_000_000).default(900_000),
  RETENTION_ALERT: z.coerce.number().min(0).max(1).default(0.2),
  ALERT_SCAN_INTERVAL_MS: positiveInt.min(SCAN_INTERVAL_MS_MIN).default(SCAN_INTERVAL_MS_DEFAULT),
  ALERT_WEBHOOK_URL: z.string().url().optional(),
});

export interface AlertRuleParams {
  splitThresholdFen: number;
  povertyLineFen: number;
  idleDays: number;
  stallDays: number;
  distributionDays: number;
  /** Days a batch payment may wait for its bank result (PAYMENT_UNCONFIRMED). */
  confirmDays: number;
  /** Retention ratio in parts per million, so comparisons stay in integers. */
  retentionAlertPpm: number;
  /** Days a household in care may go without a helper's visit (SPEC §13). */
  visitDays: number;
  /** Income per member at or below which a household is on the watch list (SPEC §13). */
  watchLineFen: number;
}

export interface AlertServiceConfig {
  params: AlertRuleParams;
  scanIntervalMs: number;
  webhookUrl?: string;
}

export const DEFAULT_RULE_PARAMS: AlertRuleParams = {
  splitThresholdFen: 5_000_000,
  povertyLineFen: 600_000,
  idleDays: 90,
  stallDays: 180,
  distributionDays: 180,
  confirmDays: 30,
  retentionAlertPpm: 200_000,
  visitDays: 90,
  watchLineFen: 900_000,
};

/** Parses the alert parameters; empty strings count as unset. Throws on bad values. */
export function loadAlertConfig(
  env: Readonly<Record<string, string | undefined>>,
): AlertServiceConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid alert configuration: ${issues.join('; ')}`);
  }
  const e = parsed.data;
  return {
    params: {
      splitThresholdFen: e.SPLIT_THRESHOLD_FEN,
      povertyLineFen: e.POVERTY_LINE_FEN,
      idleDays: e.IDLE_DAYS,
      stallDays: e.STALL_DAYS,
      distributionDays: e.DISTRIBUTION_DAYS,
      confirmDays: e.CONFIRM_DAYS,
      retentionAlertPpm: Math.round(e.RETENTION_ALERT * 1_000_000),
      visitDays: e.VISIT_DAYS,
      watchLineFen: e.WATCH_LINE_FEN,
    },
    scanIntervalMs: e.ALERT_SCAN_INTERVAL_MS,
    webhookUrl: e.ALERT_WEBHOOK_URL,
  };
}
