import { z } from 'zod';
import { businessDate, entityId, regionCode, shortText } from '@sunshine/domain';
import { parseQueryParams, today, type Runtime } from '@sunshine/platform';

/** Query strings of the ledger routes; unknown parameters are a 400 like unknown fields. */

export const asOfQuery = z.strictObject({ asOf: businessDate.optional() });

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
