import { z } from 'zod';
import {
  businessDate,
  entityId,
  moneyFen,
  plainText,
  shortText,
  villageCode,
} from './primitives';

/**
 * Event data of SPEC §13 (helpers, visits, project assets), current versions. They live
 * beside `events.ts`, which lists them in EVENT_SCHEMAS.
 */

/** A helper covers at most this many villages (a township cadre covers a few dozen). */
export const HELPER_VILLAGES_MAX = 200;
/** Documents attached to one visit record. */
export const VISIT_EVIDENCE_MAX = 20;
export const VISIT_NOTE_LENGTH_MAX = 2000;

export const HelperRegistered = z.strictObject({
  name: shortText,
  unit: shortText,
  villageCodes: z
    .array(villageCode)
    .min(1)
    .max(HELPER_VILLAGES_MAX)
    .refine((codes) => new Set(codes).size === codes.length, 'village codes must be distinct'),
});

export const HouseholdHelperAssigned = z.strictObject({
  helperId: entityId,
  since: businessDate,
});

const VisitEvidence = z.strictObject({
  docId: plainText.min(1).max(128),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 is 64 lowercase hex digits'),
});

export const HouseholdVisited = z.strictObject({
  helperId: entityId,
  visitedOn: businessDate,
  note: plainText.max(VISIT_NOTE_LENGTH_MAX).optional(),
  evidence: z.array(VisitEvidence).max(VISIT_EVIDENCE_MAX),
});

export const ASSET_KINDS = ['operating', 'public_welfare', 'household'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export const ProjectAssetRegistered = z.strictObject({
  assetId: entityId,
  name: shortText,
  kind: z.enum(ASSET_KINDS),
  valueFen: moneyFen,
  ownerVillageCode: villageCode,
  acquiredOn: businessDate,
});

export const helperStreamId = (helperId: string): string => `helper-${helperId}`;
