import type { StoredEvent } from '@sunshine/event-store';
import type { DomainEvent } from '@sunshine/domain';
import type {
  HouseholdRow,
  HouseholdStatus,
  HouseholdUpdate,
  ProjectRow,
  ProjectUpdate,
  TimelineRow,
  WriteSet,
} from './rows';

/** What the pure projection works on: parsed events and what the tables already know. */

export interface FundInfo {
  category: string;
  fiscalYear: number;
  countyCode: string;
}

export interface Lookups {
  funds: Map<string, FundInfo>;
  /** Keyed by `allocationKey(fundId, allocationId)`; the value is the allocation's village. */
  allocations: Map<string, string>;
  /** Household id → village code. */
  households: Map<string, string>;
  /** Household id → its status after the events applied so far. */
  householdStatus: Map<string, HouseholdStatus>;
  /** Project id → village code. */
  projects: Map<string, string>;
}

export interface ParsedEvent {
  stored: StoredEvent;
  event: DomainEvent;
}

export const allocationKey = (fundId: string, allocationId: string): string =>
  `${fundId}/${allocationId}`;

export function emptyWriteSet(): WriteSet {
  return {
    regions: [],
    funds: [],
    allocations: [],
    movements: [],
    households: [],
    householdUpdates: [],
    statusChanges: [],
    statusDeltas: [],
    projects: [],
    projectUpdates: [],
    stages: [],
    income: [],
    shares: [],
    timeline: [],
  };
}

export function timelineRow(
  p: ParsedEvent,
  villageCode: string,
  businessDate: string,
  fields: Partial<TimelineRow>,
): TimelineRow {
  const stored = p.stored;
  return {
    event_id: stored.eventId,
    village_code: villageCode,
    type: stored.type,
    business_date: businessDate,
    global_position: stored.globalPosition,
    stream_id: stored.streamId,
    stream_version: stored.streamVersion,
    fund_id: null,
    allocation_id: null,
    household_id: null,
    project_id: null,
    amount_fen: null,
    balance_effect_fen: 0,
    detail: p.event.data as Record<string, unknown>,
    ...fields,
  };
}


/** Rows created or changed earlier in the same batch, so later events edit them in place. */
export interface BatchIndex {
  households: Map<string, HouseholdRow>;
  projects: Map<string, ProjectRow>;
  householdUpdates: Map<string, HouseholdUpdate>;
  projectUpdates: Map<string, ProjectUpdate>;
}

export function emptyBatchIndex(): BatchIndex {
  return {
    households: new Map(),
    projects: new Map(),
    householdUpdates: new Map(),
    projectUpdates: new Map(),
  };
}
