import { z } from 'zod';
import { AssignAlertBody, ReceivePublicReportBody, regionCode } from '@sunshine/domain';

/** Request schemas of the supervision routes (SPEC §12); OpenAPI documents the same ones. */

export const publicReportBody = ReceivePublicReportBody;
export const assignBody = AssignAlertBody;

/** Longer than any tracking code; anything else is simply not found. */
export const TRACKING_CODE_PATH_LENGTH_MAX = 64;

export const verifyBody = z.strictObject({
  regionCode: regionCode.optional(),
  anchor: z
    .strictObject({
      position: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      globalHash: z.string().regex(/^[0-9a-f]{64}$/, 'globalHash is 64 lowercase hex digits'),
    })
    .optional(),
});
