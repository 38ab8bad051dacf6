import { z } from 'zod';
import { businessDate, entityId, regionCode, shortText } from '@sunshine/domain';
import {
  decodeHistoryCursor,
  HISTORY_PAGE_DEFAULT,
  HISTORY_PAGE_MAX,
  type HistoryPage,
  VERIFY_MODES,
} from '@sunshine/ledger';
import { parseQueryParams, today, type Runtime } from '@sunshine/platform';

/** Query strings of the ledger routes; unknown parameters are a 400 like unknown fields. */

export const asOfQuery = z.strictObject({ asOf: businessDate.optional() });

/**
 * `verify=full` re-verifies every hash chain from genesis, for auditors; default incremental.
 * A history comes in pages of `limit` entries; `cursor` is the `nextCursor` of the page before.
 */
export const historyQuery = z.strictObject({
  asOf: businessDate.optional(),
  verify: z.enum(VERIFY_MODES).optional(),
  limit: z.coerce.number().int().min(1).max(HISTORY_PAGE_MAX).optional(),
  cursor: z
    .string()
    .max(64)
    .refine((text) => decodeHistoryCursor(text) !== undefined, 'not a cursor of this history')
    .optional(),
});

/** The page a parsed history query asks for. */
export function historyPage(query: z.infer<typeof historyQuery>): HistoryPage {
  const after = query.cursor === undefined ? undefined : decodeHistoryCursor(query.cursor);
  return { limit: query.limit ?? HISTORY_PAGE_DEFAULT, ...(after ? { after } : {}) };
}

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
