import { z } from 'zod';
import { businessDate } from '@sunshine/domain';

/** Query strings of the export routes (SPEC §14); unknown parameters are a 400. */

export const fiscalPackageQuery = z.strictObject({
  fiscalYear: z.coerce.number().int().min(2000).max(2200).optional(),
});

export const oc4idsQuery = z.strictObject({ asOf: businessDate.optional() });

/** Who may download the 专报 workbook: it names households and open alerts. */
export const REPORT_ROLES = ['finance', 'auditor'] as const;

/** `PUBLIC_BASE_URL`, when set, makes the OC4IDS package's `uri` a dereferenceable URL. */
export function oc4idsUri(baseUrl: string | undefined, path: string, fallback: string): string {
  if (baseUrl === undefined || baseUrl === '') return fallback;
  try {
    return new URL(path, baseUrl).toString();
  } catch {
    return fallback;
  }
}
