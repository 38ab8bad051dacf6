import { z } from 'zod';

/**
 * The answers of the Sunshine HTTP API (SPEC §7) as the dashboard reads them. Every answer
 * is parsed before a view touches it; fields the views do not use are left out.
 */

const fen = z.number().int();

export const regionMetrics = z.object({
  receivedFen: fen,
  allocatedFen: fen,
  disbursedFen: fen,
  returnedFen: fen,
  retainedFen: fen,
  retentionRate: z.number(),
  idleFen: fen,
  stuckFundRate: z.number(),
});
export type RegionMetrics = z.infer<typeof regionMetrics>;

export const childSummary = regionMetrics.extend({
  regionCode: z.string(),
  name: z.string().nullable(),
  level: z.string(),
});
export type ChildSummary = z.infer<typeof childSummary>;

const counts = z.record(z.string(), z.number());

export const regionSummary = childSummary.extend({
  asOf: z.string(),
  idleDays: z.number().optional(),
  openAlertsByRule: counts.optional(),
  householdsByStatus: counts.optional(),
  projectsByStage: counts.optional(),
  children: z.array(childSummary),
});
export type RegionSummary = z.infer<typeof regionSummary>;

export const alertStatus = z.enum(['open', 'acknowledged', 'resolved']);
export type AlertStatus = z.infer<typeof alertStatus>;

export const alertView = z.object({
  alertId: z.string(),
  rule: z.string(),
  severity: z.string(),
  status: alertStatus,
  subject: z.object({ type: z.string(), id: z.string() }),
  regionCode: z.string(),
  amountFen: fen.optional(),
  detectedOn: z.string(),
  evidence: z.array(z.string()),
  acknowledged: z.object({ by: z.string(), note: z.string() }).optional(),
  resolved: z.object({ by: z.string(), resolution: z.string(), note: z.string() }).optional(),
});
export type AlertView = z.infer<typeof alertView>;

export const alertList = z.object({
  items: z.array(alertView),
  nextCursor: z.string().optional(),
});

export const writeResult = z.object({ id: z.string(), streamId: z.string(), version: z.number() });

export const historyEntry = z.object({
  eventId: z.string(),
  type: z.string(),
  businessDate: z.string(),
  streamId: z.string(),
  streamVersion: z.number(),
  fundId: z.string().nullable(),
  allocationId: z.string().nullable(),
  householdId: z.string().nullable(),
  projectId: z.string().nullable(),
  amountFen: fen.nullable(),
  balanceEffectFen: fen,
  balanceFen: fen,
});
export type HistoryEntry = z.infer<typeof historyEntry>;

export const streamVersionRef = z.object({ streamId: z.string(), streamVersion: z.number() });

export const villageHistory = z.object({
  villageCode: z.string(),
  asOf: z.string(),
  entries: z.array(historyEntry),
  truncated: z.boolean().optional(),
  integrity: z.object({
    verified: z.boolean(),
    streams: z.number(),
    brokenAt: streamVersionRef.optional(),
  }),
});
export type VillageHistory = z.infer<typeof villageHistory>;

export const householdTimeline = z.object({
  householdId: z.string(),
  villageCode: z.string(),
  maskedName: z.string(),
  members: z.number(),
  registeredOn: z.string(),
  status: z.string(),
  statusOn: z.string(),
  entries: z.array(historyEntry),
  incomeShares: z.array(
    z.object({
      eventId: z.string(),
      projectId: z.string(),
      amountFen: fen,
      distributedOn: z.string(),
    }),
  ),
});
export type HouseholdTimeline = z.infer<typeof householdTimeline>;

export const publicVillage = z.object({
  villageCode: z.string(),
  name: z.string().nullable(),
  asOf: z.string(),
  totals: regionMetrics,
  projects: z.array(
    z.object({
      projectId: z.string(),
      name: z.string(),
      kind: z.string(),
      budgetFen: fen,
      status: z.string(),
      stage: z.string().nullable(),
    }),
  ),
  payments: z.array(
    z.object({
      paymentId: z.string(),
      householdName: z.string(),
      amountFen: fen,
      paidOn: z.string(),
    }),
  ),
  paymentsTruncated: z.boolean().optional(),
});
export type PublicVillage = z.infer<typeof publicVillage>;

export const publicRegionSummary = childSummary.extend({
  asOf: z.string(),
  children: z.array(childSummary),
});
export type PublicRegionSummary = z.infer<typeof publicRegionSummary>;

export const devTokens = z.object({
  items: z.array(
    z.object({
      role: z.string(),
      sub: z.string(),
      regions: z.array(z.string()),
      token: z.string(),
    }),
  ),
});
export type DevTokens = z.infer<typeof devTokens>;

export const apiError = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});
