import { z } from 'zod';
import { businessDate, entityId, regionCode, shortText } from '@sunshine/domain';
import { VERIFY_MODES } from '@sunshine/ledger';
import { parseQueryParams, today, type Runtime } from '@sunshine/platform';

/** Query strings of the ledger routes; unknown parameters are a 400 like unknown fields. */

export const asOfQuery = z.strictObject({ asOf: businessDate.optional() });

/** `verify=full` re-verifies every hash chain from genesis, for auditors; default incremental. */
export const historyQuery = z.strictObject({
  asOf: businessDate.optional(),
  verify: z.enum(VERIFY_MODES).optional(),
});

/** Full verification reads whole streams: only for the roles that audit. */
export const FULL_VERIFY_ROLES = ['auditor'] as const;

export const summaryQuery = z.strictObject({
  asOf: businessDate.optional(),
  category: shortText.optional(),
  fiscalYear: z.coerce.number().int().min(2000).max(2200).optional(),
});

export const regionPath = z.strictObject({ code: regionCode });
export const villagePath = z.strictObject({
  code: z.string().regex(/^\d{12}$/, 'a village code has 12 digits'),
});
export const idPath = z.strictObject({ id: entityId });

/** `asOf` from the query, or today by the runtime clock. */
export function asOfOrToday(runtime: Runtime, asOf: string | undefined): string {
  return asOf ?? today(runtime);
}

/** Query strings drop empty parameters; path parameters are parsed as they come. */
export function parseQuery<Schema extends z.ZodType>(schema: Schema, query: unknown) {
  return parseQueryParams(schema, query);
}
