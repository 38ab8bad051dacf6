import type { z } from 'zod';
import { EVENT_SCHEMAS, type DomainEvent, type EventType } from './events';

/**
 * Schema evolution (SPEC §4): a stored event is never rewritten; readers upcast it one
 * version at a time to the current version, then validate it against the current schema.
 */

export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/** `UPCASTERS[type][v]` turns version v of `type` into version v + 1. */
export const UPCASTERS: Readonly<Partial<Record<EventType, Readonly<Record<number, Upcaster>>>>> =
  {
    FundAllocated: {
      // Version 1 allocated only to villages, so the target is the allocation's village.
      1: (data) => ({ ...data, target: { type: 'village', id: data['villageCode'] } }),
    },
  };

/** A stored event could not be read as a domain event: corrupt, foreign or too new. */
export class EventSchemaError extends Error {
  constructor(
    message: string,
    readonly issues: readonly z.core.$ZodIssue[] = [],
  ) {
    super(message);
    this.name = 'EventSchemaError';
  }
}

export interface StoredEventPayload {
  type: string;
  schemaVersion: number;
  data: unknown;
}

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_SCHEMAS, type);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Upcasts `data` from `fromVersion` to the current version of `type`. */
export function upcast(type: EventType, fromVersion: number, data: unknown): unknown {
  const current = EVENT_SCHEMAS[type].version;
  if (!Number.isInteger(fromVersion) || fromVersion < 1 || fromVersion > current) {
    throw new EventSchemaError(`${type} has versions 1 to ${current}, not ${fromVersion}`);
  }
  let upcasted = data;
  // The loop is bounded by the current version: each step moves one version up.
  for (let version = fromVersion; version < current; version += 1) {
    const step = UPCASTERS[type]?.[version];
    if (!step) throw new Error(`no upcaster for ${type} v${version}`);
    if (!isRecord(upcasted)) {
      throw new EventSchemaError(`${type} v${version} data is not an object`);
    }
    upcasted = step(upcasted);
  }
  return upcasted;
}

/** Reads a stored event of any known version as a current, validated domain event. */
export function parseStoredEvent(stored: StoredEventPayload): DomainEvent {
  const { type, schemaVersion } = stored;
  if (!isEventType(type)) throw new EventSchemaError(`unknown event type ${type}`);
  const data = upcast(type, schemaVersion, stored.data);
  const parsed = EVENT_SCHEMAS[type].schema.safeParse(data);
  if (!parsed.success) {
    throw new EventSchemaError(`invalid ${type} v${schemaVersion} data`, parsed.error.issues);
  }
  return { type, data: parsed.data } as DomainEvent;
}

/**
 * The field holding each event's business date (the store's `occurredOn`). Acknowledging,
 * resolving and defining a region carry none: their writer supplies the day.
 */
export const BUSINESS_DATE_FIELDS = {
  FundReceived: 'receivedOn',
  FundAllocated: 'allocatedOn',
  FundDisbursed: 'paidOn',
  HouseholdPaid: 'paidOn',
  FundReturned: 'returnedOn',
  PaymentBatchSubmitted: 'paidOn',
  HouseholdPaymentConfirmed: 'settledOn',
  HouseholdPaymentFailed: 'settledOn',
  DisbursementRequested: 'paidOn',
  DisbursementRejected: 'rejectedOn',
  HouseholdRegistered: 'registeredOn',
  HouseholdIncomeRecorded: 'recordedOn',
  HouseholdExitedPoverty: 'exitedOn',
  HouseholdReturnedToPoverty: 'returnedOn',
  HouseholdDeregistered: 'deregisteredOn',
  CrossCheckHitRecorded: 'recordedOn',
  ProjectRegistered: 'registeredOn',
  ProjectStageAdvanced: 'advancedOn',
  ProjectIncomeRecorded: 'earnedOn',
  ProjectIncomeDistributed: 'distributedOn',
  ProjectSuspended: 'on',
  ProjectResumed: 'on',
  ProjectCancelled: 'on',
  AlertRaised: 'detectedOn',
  AlertAcknowledged: undefined,
  AlertResolved: undefined,
  AlertAssigned: undefined,
  PublicReportReceived: 'receivedOn',
  RegionDefined: undefined,
  HelperRegistered: undefined,
  HouseholdHelperAssigned: 'since',
  HouseholdVisited: 'visitedOn',
  ProjectAssetRegistered: 'acquiredOn',
} as const satisfies Record<EventType, string | undefined>;

/** The business date an event carries, if its type has one. */
export function occurredOnOf(event: DomainEvent): string | undefined {
  const field = BUSINESS_DATE_FIELDS[event.type];
  if (field === undefined) return undefined;
  const value: unknown = (event.data as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}

/** What a writer hands the event store for a decided event (the port's `NewEvent` core). */
export interface EventPayload {
  type: EventType;
  schemaVersion: number;
  data: Record<string, unknown>;
  occurredOn: string;
}

/**
 * Stamps a decided event with its current schema version and business date; `fallbackOn`
 * (the writer's today) dates the events that carry no business date of their own.
 */
export function toNewEventPayload(event: DomainEvent, fallbackOn: string): EventPayload {
  return {
    type: event.type,
    schemaVersion: EVENT_SCHEMAS[event.type].version,
    data: event.data as Record<string, unknown>,
    occurredOn: occurredOnOf(event) ?? fallbackOn,
  };
}

/**
 * Reads an event that this system's own store wrote: upcast to the current version, with no
 * schema validation. Every event was validated when it was decided, so hot paths (command
 * folds, projections fed from the store) skip zod; input from outside (Kafka, files) goes
 * through `parseStoredEvent`.
 */
export function readStoredEvent(stored: StoredEventPayload): DomainEvent {
  const { type, schemaVersion } = stored;
  if (!isEventType(type)) throw new EventSchemaError(`unknown event type ${type}`);
  const data = upcast(type, schemaVersion, stored.data);
  if (!isRecord(data)) {
    throw new EventSchemaError(`${type} v${schemaVersion} data is not an object`);
  }
  return { type, data } as DomainEvent;
}

/**
 * Names the event schema versions and upcasters in force. A snapshot of folded state is only
 * reused by code whose fingerprint matches the one it was taken with.
 */
export function eventSchemaFingerprint(): string {
  const versions = Object.entries(EVENT_SCHEMAS).map(([type, entry]) => `${type}@${entry.version}`);
  const steps = Object.entries(UPCASTERS).map(
    ([type, byVersion]) => `${type}^${Object.keys(byVersion ?? {}).join('.')}`,
  );
  return [...versions, ...steps].sort().join(',');
}
