import { MONEY_FEN_MAX } from '@sunshine/domain';
import { z } from 'zod';

/** SPEC §11 parameters of the funds service, from the environment. */

export const APPROVAL_THRESHOLD_FEN_DEFAULT = 100_000_000;

const envSchema = z.object({
  APPROVAL_THRESHOLD_FEN: z.coerce
    .number()
    .int()
    .positive()
    .max(MONEY_FEN_MAX)
    .default(APPROVAL_THRESHOLD_FEN_DEFAULT),
});

export interface MoneyConfig {
  /** Disbursements of at least this need a second finance user's approval. */
  approvalThresholdFen: number;
}

export function loadMoneyConfig(env: Readonly<Record<string, string | undefined>>): MoneyConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new Error(`invalid APPROVAL_THRESHOLD_FEN: ${parsed.error.issues[0]?.message ?? ''}`);
  }
  return { approvalThresholdFen: parsed.data.APPROVAL_THRESHOLD_FEN };
}
