import { z } from 'zod';
import {
  AcknowledgeAlertBody,
  ALERT_RULES,
  businessDate,
  entityId,
  regionCode,
  ResolveAlertBody,
} from '@sunshine/domain';
import { ALERT_PAGE_SIZE_MAX } from '@sunshine/alerts';

/** Request schemas of the alert routes; the OpenAPI document is built from the same ones. */

export const CURSOR_LENGTH_MAX = 500;

export const listAlertsQuery = z.strictObject({
  region: regionCode.optional(),
  rule: z.enum(ALERT_RULES).optional(),
  status: z.enum(['open', 'acknowledged', 'resolved']).optional(),
  asOf: businessDate.optional(),
  limit: z.coerce.number().int().min(1).max(ALERT_PAGE_SIZE_MAX).optional(),
  cursor: z.string().min(1).max(CURSOR_LENGTH_MAX).optional(),
});

export const alertPath = z.strictObject({ id: entityId });

export const acknowledgeBody = AcknowledgeAlertBody;
export const resolveBody = ResolveAlertBody;

/** The body may be empty: the scan then runs as of today. */
export const scanBody = z.strictObject({ asOf: businessDate.optional() });
