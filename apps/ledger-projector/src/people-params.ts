import { z } from 'zod';
import {
  businessDate,
  DomainError,
  entityId,
  hasUnsafeCharacters,
  regionCode,
  UNSAFE_TEXT_MESSAGE,
} from '@sunshine/domain';
import {
  ASSET_PAGE_MAX,
  decodeHouseholdCursor,
  HOUSEHOLD_PAGE_MAX,
  WATCH_PAGE_MAX,
} from '@sunshine/ledger';
import { canAccessRegion, type Principal } from '@sunshine/platform';

/** Query strings of the SPEC §13 reads; unknown parameters are a 400. */

/** A search text: a name or the start of one, or (the start of) a household id. */
export const SEARCH_TEXT_LENGTH_MAX = 64;

const limit = (max: number) => z.coerce.number().int().min(1).max(max).optional();

export const householdListQuery = z.strictObject({
  region: regionCode.optional(),
  // The read models say `exited`; the domain's `exited_poverty` is taken as the same.
  status: z
    .enum(['in_poverty', 'exited', 'exited_poverty', 'deregistered'])
    .transform((status) => (status === 'exited_poverty' ? 'exited' : status))
    .optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(SEARCH_TEXT_LENGTH_MAX)
    .refine((text) => !hasUnsafeCharacters(text), UNSAFE_TEXT_MESSAGE)
    .optional(),
  cursor: z
    .string()
    .max(12 + 1 + 64)
    .transform((text, context) => {
      const cursor = decodeHouseholdCursor(text);
      if (!cursor) context.addIssue({ code: 'custom', message: 'not a cursor of this list' });
      return cursor ?? z.NEVER;
    })
    .optional(),
  limit: limit(HOUSEHOLD_PAGE_MAX),
});

export const watchListQuery = z.strictObject({
  region: regionCode.optional(),
  asOf: businessDate.optional(),
  cursor: entityId.optional(),
  limit: limit(WATCH_PAGE_MAX),
});

const assetCursor = z
  .string()
  .max(2 * 64 + 1)
  .regex(/^[A-Za-z0-9_-]{1,64}\/[A-Za-z0-9_-]{1,64}$/, 'not a cursor of this list')
  .transform((text) => {
    const [projectId = '', assetId = ''] = text.split('/');
    return { projectId, assetId };
  });

export const assetListQuery = z.strictObject({
  region: regionCode.optional(),
  cursor: assetCursor.optional(),
  limit: limit(ASSET_PAGE_MAX),
});

/**
 * The region prefixes a list covers: the asked region when it lies inside the caller's
 * regions, else the caller's regions inside a wider asked region, else forbidden. Without a
 * region: the caller's regions, or everything ('') for an admin.
 */
export function listRegionPrefixes(principal: Principal, region: string | undefined): string[] {
  if (region === undefined) return principal.role === 'admin' ? [''] : principal.regions;
  if (canAccessRegion(principal, region)) return [region];
  const inside = principal.regions.filter((prefix) => prefix.startsWith(region));
  if (inside.length === 0) {
    throw new DomainError('FORBIDDEN', `region ${region} is outside your regions`);
  }
  return inside;
}
