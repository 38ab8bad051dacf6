import { z } from 'zod';
import {
  businessDate,
  countyCode,
  entityId,
  incomePeriod,
  moneyFen,
  moneyFenOrZero,
  regionCode,
  plainText,
  shortText,
  villageCode,
} from './primitives';
import {
  HelperRegistered,
  HouseholdHelperAssigned,
  HouseholdVisited,
  ProjectAssetRegistered,
} from './people-events';

/**
 * Event data schemas, current versions (SPEC §4). Older versions live in `upcasters.ts`;
 * a stored event is never rewritten, readers upcast it.
 */

export const FUND_LEVELS = ['central', 'province', 'city', 'county'] as const;

export const FundReceived = z.strictObject({
  name: shortText,
  category: shortText,
  department: shortText,
  level: z.enum(FUND_LEVELS),
  fiscalYear: z.number().int().min(2000).max(2200),
  countyCode,
  amountFen: moneyFen,
  receivedOn: businessDate,
});

export const AllocationTarget = z.strictObject({
  type: z.enum(['project', 'village']),
  id: entityId.or(villageCode),
});

export const FundAllocated = z.strictObject({
  allocationId: entityId,
  target: AllocationTarget,
  villageCode,
  amountFen: moneyFen,
  allocatedOn: businessDate,
  perHouseholdCapFen: moneyFen.optional(),
});

export const Payee = z.strictObject({
  type: z.enum(['project', 'village', 'contractor']),
  id: plainText.min(1).max(64),
  name: shortText,
});

export const FundDisbursed = z.strictObject({
  disbursementId: entityId,
  allocationId: entityId,
  payee: Payee,
  amountFen: moneyFen,
  paidOn: businessDate,
  voucherNo: shortText,
});

export const HouseholdPaid = z.strictObject({
  paymentId: entityId,
  allocationId: entityId,
  householdId: entityId,
  amountFen: moneyFen,
  paidOn: businessDate,
  channel: shortText,
  voucherNo: shortText,
  /** Set on the payments of a payment batch (SPEC §11). */
  batchId: entityId.optional(),
});

export const FundReturned = z.strictObject({
  returnId: entityId,
  allocationId: entityId.optional(),
  amountFen: moneyFen,
  returnedOn: businessDate,
  reason: shortText,
});

/** SPEC §11: money workflows (payment batches, bank results, approvals). */
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 is 64 lowercase hex digits');

export const PaymentBatchSubmitted = z.strictObject({
  batchId: entityId,
  rows: z.number().int().min(1).max(100_000),
  totalFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  paidOn: businessDate,
  channel: shortText,
  /** SHA-256 of the uploaded file, when the batch came as a file. */
  fileSha256: sha256Hex.optional(),
  /** SHA-256 of the batch's normalised rows: the same batchId with other content is a 409. */
  contentSha256: sha256Hex,
});

const BankResultBase = {
  paymentId: entityId,
  batchId: entityId,
  allocationId: entityId,
  amountFen: moneyFen,
  bankRef: shortText,
  settledOn: businessDate,
};

export const HouseholdPaymentConfirmed = z.strictObject(BankResultBase);
export const HouseholdPaymentFailed = z.strictObject({ ...BankResultBase, reason: shortText });

export const DisbursementRequested = FundDisbursed.extend({ requestedBy: plainText.min(1).max(200) });

export const DisbursementRejected = z.strictObject({
  disbursementId: entityId,
  allocationId: entityId,
  amountFen: moneyFen,
  rejectedBy: plainText.min(1).max(200),
  reason: shortText,
  rejectedOn: businessDate,
});

export const HouseholdRegistered = z.strictObject({
  villageCode,
  headName: shortText,
  idNumber: z.string().regex(/^\d{17}[\dX]$/, 'an id number has 17 digits and a check character'),
  members: z.number().int().min(1).max(50),
  registeredOn: businessDate,
});

export const OneOffTransfer = z.strictObject({ kind: shortText, amountFen: moneyFen });

export const HouseholdIncomeRecorded = z.strictObject({
  period: incomePeriod,
  wagesFen: moneyFenOrZero,
  businessFen: moneyFenOrZero,
  propertyFen: moneyFenOrZero,
  transferFen: moneyFenOrZero,
  otherFen: moneyFenOrZero,
  oneOffTransfers: z.array(OneOffTransfer).max(50),
  recordedOn: businessDate,
});

export const HouseholdExitedPoverty = z.strictObject({ exitedOn: businessDate });
export const HouseholdReturnedToPoverty = z.strictObject({
  returnedOn: businessDate,
  reason: shortText,
});
export const HouseholdDeregistered = z.strictObject({
  deregisteredOn: businessDate,
  reason: shortText,
});

export const CROSS_CHECK_SOURCES = [
  'vehicle',
  'business',
  'housing',
  'civil_servant',
  'tax',
  'social_security',
  'other',
] as const;

export const CrossCheckHitRecorded = z.strictObject({
  source: z.enum(CROSS_CHECK_SOURCES),
  detail: shortText,
  recordedOn: businessDate,
});

export const PROJECT_STAGES = [
  'survey',
  'feasibility',
  'application',
  'approval',
  'tendering',
  'construction',
  'completion',
  'acceptance',
  'income_distribution',
] as const;
export type ProjectStage = (typeof PROJECT_STAGES)[number];

export const ProjectRegistered = z.strictObject({
  name: shortText,
  villageCode,
  kind: shortText,
  budgetFen: moneyFen,
  registeredOn: businessDate,
});

export const Evidence = z.strictObject({
  docId: plainText.min(1).max(128),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 is 64 lowercase hex digits'),
});

export const ProjectStageAdvanced = z.strictObject({
  stage: z.enum(PROJECT_STAGES),
  advancedOn: businessDate,
  evidence: z.array(Evidence).max(100),
});

export const ProjectIncomeRecorded = z.strictObject({
  amountFen: moneyFen,
  earnedOn: businessDate,
});

export const IncomeShare = z.strictObject({ householdId: entityId, amountFen: moneyFen });

export const ProjectIncomeDistributed = z.strictObject({
  distributedOn: businessDate,
  shares: z.array(IncomeShare).min(1).max(5000),
});

export const ProjectStatusChange = z.strictObject({ on: businessDate, reason: shortText });

export const ALERT_RULES = [
  'IDLE_ALLOCATION',
  'PAYMENT_TO_INELIGIBLE_HOUSEHOLD',
  'PAYMENT_OUTSIDE_TARGET_AREA',
  'DUPLICATE_PAYMENT',
  'DISBURSEMENT_BEFORE_APPROVAL',
  'OVER_STANDARD_PAYMENT',
  'SPLIT_PAYMENTS',
  'PROJECT_STALLED',
  'FALSE_EXIT',
  'CROSS_CHECK_HIT',
  'UNDISTRIBUTED_INCOME',
  'HIGH_RETENTION',
  'PAYMENT_UNCONFIRMED',
  // SPEC §12: supervision of the supervision.
  'PUBLIC_REPORT',
  'ALERT_OVERDUE',
  'TAMPER_DETECTED',
  'HOUSEHOLD_NOT_VISITED',
  'HOUSEHOLD_WITHOUT_HELPER',
  'ASSET_NOT_REGISTERED',
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export const ALERT_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

export const AlertRaised = z.strictObject({
  rule: z.enum(ALERT_RULES),
  severity: z.enum(ALERT_SEVERITIES),
  subject: z.strictObject({
    type: z.enum([
      'allocation',
      'household',
      'payment',
      'disbursement',
      'project',
      'payee',
      'region',
      'report',
      'alert',
      'stream',
    ]),
    id: plainText.min(1).max(200),
  }),
  regionCode,
  amountFen: moneyFen.optional(),
  evidence: z.array(plainText.min(1).max(64)).max(200),
  detectedOn: businessDate,
  /** What distinguishes this occurrence, so that (rule, subject, cause) is raised once. */
  cause: plainText.min(1).max(300),
});

export const AlertAcknowledged = z.strictObject({
  by: plainText.min(1).max(200),
  note: plainText.max(2000),
});

export const AlertResolved = z.strictObject({
  by: plainText.min(1).max(200),
  resolution: z.enum(['confirmed', 'false_positive', 'rectified']),
  note: plainText.max(2000),
});

export const AlertAssigned = z.strictObject({
  by: plainText.min(1).max(200),
  assignee: plainText.trim().min(1).max(200),
  dueOn: businessDate,
  note: plainText.max(2000),
});

export const REPORT_SUBJECT_TYPES = ['household', 'project', 'payment', 'fund'] as const;

/** A member of the public's report (SPEC §12 一键举报); `contact` never leaves the write side. */
export const PublicReportReceived = z.strictObject({
  regionCode,
  subject: z.strictObject({ type: z.enum(REPORT_SUBJECT_TYPES), id: entityId }).optional(),
  text: plainText.trim().min(1).max(2000),
  contact: plainText.trim().min(1).max(100).optional(),
  receivedOn: businessDate,
});

export const RegionDefined = z.strictObject({
  code: regionCode,
  name: shortText,
  level: z.enum(['province', 'city', 'county', 'town', 'village']),
  weakVillage: z.boolean().optional(),
});

/** Every event type with its current schema version and data schema. */
export const EVENT_SCHEMAS = {
  FundReceived: { version: 1, schema: FundReceived },
  FundAllocated: { version: 2, schema: FundAllocated },
  FundDisbursed: { version: 1, schema: FundDisbursed },
  HouseholdPaid: { version: 1, schema: HouseholdPaid },
  FundReturned: { version: 1, schema: FundReturned },
  PaymentBatchSubmitted: { version: 1, schema: PaymentBatchSubmitted },
  HouseholdPaymentConfirmed: { version: 1, schema: HouseholdPaymentConfirmed },
  HouseholdPaymentFailed: { version: 1, schema: HouseholdPaymentFailed },
  DisbursementRequested: { version: 1, schema: DisbursementRequested },
  DisbursementRejected: { version: 1, schema: DisbursementRejected },
  HouseholdRegistered: { version: 1, schema: HouseholdRegistered },
  HouseholdIncomeRecorded: { version: 1, schema: HouseholdIncomeRecorded },
  HouseholdExitedPoverty: { version: 1, schema: HouseholdExitedPoverty },
  HouseholdReturnedToPoverty: { version: 1, schema: HouseholdReturnedToPoverty },
  HouseholdDeregistered: { version: 1, schema: HouseholdDeregistered },
  CrossCheckHitRecorded: { version: 1, schema: CrossCheckHitRecorded },
  ProjectRegistered: { version: 1, schema: ProjectRegistered },
  ProjectStageAdvanced: { version: 1, schema: ProjectStageAdvanced },
  ProjectIncomeRecorded: { version: 1, schema: ProjectIncomeRecorded },
  ProjectIncomeDistributed: { version: 1, schema: ProjectIncomeDistributed },
  ProjectSuspended: { version: 1, schema: ProjectStatusChange },
  ProjectResumed: { version: 1, schema: ProjectStatusChange },
  ProjectCancelled: { version: 1, schema: ProjectStatusChange },
  AlertRaised: { version: 1, schema: AlertRaised },
  AlertAcknowledged: { version: 1, schema: AlertAcknowledged },
  AlertResolved: { version: 1, schema: AlertResolved },
  AlertAssigned: { version: 1, schema: AlertAssigned },
  PublicReportReceived: { version: 1, schema: PublicReportReceived },
  RegionDefined: { version: 1, schema: RegionDefined },
  HelperRegistered: { version: 1, schema: HelperRegistered },
  HouseholdHelperAssigned: { version: 1, schema: HouseholdHelperAssigned },
  HouseholdVisited: { version: 1, schema: HouseholdVisited },
  ProjectAssetRegistered: { version: 1, schema: ProjectAssetRegistered },
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export type EventData<T extends EventType> = z.infer<(typeof EVENT_SCHEMAS)[T]['schema']>;

/** A domain event: its type and its current-version data. */
export type DomainEvent = {
  [T in EventType]: { type: T; data: EventData<T> };
}[EventType];

export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;

export const fundStreamId = (fundId: string): string => `fund-${fundId}`;
export const householdStreamId = (householdId: string): string => `household-${householdId}`;
export const projectStreamId = (projectId: string): string => `project-${projectId}`;
export const alertStreamId = (alertId: string): string => `alert-${alertId}`;
export const regionStreamId = (code: string): string => `region-${code}`;
export const reportStreamId = (reportId: string): string => `report-${reportId}`;

/** The id an event's stream is about: "fund-abc" → "abc". */
export function entityIdOfStream(streamId: string): string {
  const dash = streamId.indexOf('-');
  if (dash < 0) throw new Error(`not a stream id: ${streamId}`);
  return streamId.slice(dash + 1);
}
