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
  evidence: z.array(z.unknown()),
  raisedAt: z.string().optional(),
  acknowledged: z
    .object({ by: z.string(), note: z.string(), at: z.string().optional() })
    .optional(),
  resolved: z
    .object({ by: z.string(), resolution: z.string(), note: z.string(), at: z.string().optional() })
    .optional(),
});
export type AlertView = z.infer<typeof alertView>;

export const alertList = z.object({
  items: z.array(alertView),
  nextCursor: z.string().optional(),
});

export const writeResult = z.object({ id: z.string(), streamId: z.string(), version: z.number() });
export type WriteResult = z.infer<typeof writeResult>;

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
  sources: z
    .array(
      z.object({
        fundId: z.string(),
        fundName: z.string(),
        category: z.string(),
        department: z.string(),
        level: z.string(),
        fiscalYear: z.number(),
        allocatedFen: fen,
      }),
    )
    .optional(),
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
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z
      .array(
        z.object({
          path: z.string().optional(),
          row: z.number().optional(),
          field: z.string().optional(),
          code: z.string().optional(),
          message: z.string(),
        }),
      )
      .max(1000)
      .optional()
      // Batch details (SPEC §11) name a `field`; others a `path`: one name for both.
      .transform((items) =>
        items?.map(({ field, ...rest }) => ({ ...rest, path: rest.path ?? field })),
      ),
  }),
});

export const fundListItem = z.object({
  fundId: z.string(),
  name: z.string(),
  category: z.string(),
  department: z.string(),
  level: z.string(),
  fiscalYear: z.number(),
  countyCode: z.string(),
  amountFen: fen,
  allocatedFen: fen,
  unallocatedFen: fen,
  receivedOn: z.string(),
});
export const fundList = z.object({
  items: z.array(fundListItem),
  nextCursor: z.string().optional(),
});

/** `GET /api/funds/{id}`: folded from the event store, so it shows a write at once. */
export const fundState = z.object({
  fundId: z.string(),
  name: z.string(),
  category: z.string(),
  countyCode: z.string(),
  amountFen: fen,
  allocatedFen: fen,
  unallocatedFen: fen,
  allocations: z.array(
    z.object({
      allocationId: z.string(),
      villageCode: z.string(),
      target: z.object({ type: z.string(), id: z.string() }),
      amountFen: fen,
      remainingFen: fen,
    }),
  ),
  version: z.number(),
});
export type FundState = z.infer<typeof fundState>;

export const fundLedger = z.object({
  fundId: z.string(),
  department: z.string(),
  level: z.string(),
  fiscalYear: z.number(),
  receivedOn: z.string(),
  movements: z.array(
    z.object({
      kind: z.string(),
      movementId: z.string(),
      allocationId: z.string().nullable(),
      householdId: z.string().nullable(),
      regionCode: z.string(),
      amountFen: fen,
      businessDate: z.string(),
    }),
  ),
});
export type FundLedger = z.infer<typeof fundLedger>;

export const projectListItem = z.object({
  projectId: z.string(),
  name: z.string(),
  villageCode: z.string(),
  kind: z.string(),
  budgetFen: fen,
  registeredOn: z.string(),
  stage: z.string(),
  stageSince: z.string(),
  status: z.string(),
});
export const projectList = z.object({
  items: z.array(projectListItem),
  nextCursor: z.string().optional(),
});

export const projectLedger = projectListItem.extend({
  incomeFen: fen,
  distributedFen: fen,
  undistributedFen: fen,
  disbursedFen: fen,
  stages: z.array(z.object({ stage: z.string(), advancedOn: z.string() })),
  disbursements: z.array(
    z.object({
      fundId: z.string(),
      disbursementId: z.string(),
      allocationId: z.string().nullable(),
      amountFen: fen,
      paidOn: z.string(),
    }),
  ),
  entries: z.array(historyEntry),
});
export type ProjectLedger = z.infer<typeof projectLedger>;

/** Evidence of an alert: event ids (SPEC §6), or readable events where the API gives them (§12). */
export const alertEvidence = z.union([
  z.string(),
  z.object({
    eventId: z.string(),
    type: z.string(),
    occurredOn: z.string().optional(),
    amountFen: fen.optional(),
    streamId: z.string().optional(),
    summary: z.string().optional(),
  }),
]);

/** `GET /api/alerts/{id}`; `history`, `assignee` and readable evidence where the API has them. */
export const alertDetail = alertView.extend({
  evidence: z.array(alertEvidence),
  assignee: z.string().optional(),
  dueOn: z.string().optional(),
  householdId: z.string().optional(),
  history: z
    .array(z.object({ type: z.string(), by: z.string().optional(), at: z.string().optional(),
      note: z.string().optional(), resolution: z.string().optional() }))
    .optional(),
});
export type AlertDetail = z.infer<typeof alertDetail>;

/**
 * The API answers a region it has never heard of with zeros; a page of ¥0.00 would read as
 * "no money", so a region with no name, no money and nothing below it is shown as unknown.
 */
export function isUnknownRegion(summary: {
  name: string | null;
  receivedFen: number;
  allocatedFen: number;
  children: unknown[];
}): boolean {
  return summary.name === null && summary.receivedFen === 0 && summary.allocatedFen === 0 &&
    summary.children.length === 0;
}
