/**
 * Row shapes of the read-model tables, keyed by column name so that a batch of rows can be
 * written with one `jsonb_to_recordset` statement per table.
 */

/** `payment_failed`: a bank's failure of a payment, a negative amount on its settledOn. */
export type MovementKind =
  | 'receipt'
  | 'allocation'
  | 'disbursement'
  | 'payment'
  | 'payment_failed'
  | 'return';
export type HouseholdStatus = 'in_poverty' | 'exited' | 'deregistered';
export type ProjectStatus = 'active' | 'suspended' | 'cancelled';

export interface RegionRow {
  code: string;
  name: string;
  level: string;
  weak_village: boolean;
}

export interface FundRow {
  fund_id: string;
  name: string;
  category: string;
  department: string;
  level: string;
  fiscal_year: number;
  county_code: string;
  amount_fen: number;
  received_on: string;
}

export interface AllocationRow {
  fund_id: string;
  allocation_id: string;
  village_code: string;
  target_type: string;
  target_id: string;
  amount_fen: number;
  allocated_on: string;
  per_household_cap_fen: number | null;
}

export interface MovementRow {
  event_id: string;
  kind: MovementKind;
  business_date: string;
  amount_fen: number;
  fund_id: string;
  category: string;
  fiscal_year: number;
  county_code: string;
  /** Where SPEC §6 attributes the money: the allocation's village, else the fund's county. */
  region_code: string;
  allocation_id: string | null;
  household_id: string | null;
  payee_type: string | null;
  payee_id: string | null;
  movement_id: string;
  global_position: number;
}

export interface HouseholdRow {
  household_id: string;
  village_code: string;
  masked_name: string;
  members: number;
  registered_on: string;
  status: HouseholdStatus;
  status_on: string;
}

export interface StatusChangeRow {
  event_id: string;
  household_id: string;
  status: HouseholdStatus;
  changed_on: string;
  global_position: number;
}

export interface ProjectRow {
  project_id: string;
  name: string;
  village_code: string;
  kind: string;
  budget_fen: number;
  registered_on: string;
  stage: string;
  stage_since: string;
  status: ProjectStatus;
  income_fen: number;
  distributed_fen: number;
}

export interface StageRow {
  event_id: string;
  project_id: string;
  stage: string;
  advanced_on: string;
  global_position: number;
}

export interface IncomeRow {
  event_id: string;
  project_id: string;
  kind: 'recorded' | 'distributed';
  amount_fen: number;
  on_date: string;
  global_position: number;
}

export interface ShareRow {
  event_id: string;
  share_index: number;
  project_id: string;
  household_id: string;
  amount_fen: number;
  distributed_on: string;
  global_position: number;
}

export interface TimelineRow {
  event_id: string;
  /** The village the entry belongs to; '' when the event touches no known village. */
  village_code: string;
  type: string;
  business_date: string;
  global_position: number;
  stream_id: string;
  stream_version: number;
  fund_id: string | null;
  allocation_id: string | null;
  household_id: string | null;
  project_id: string | null;
  amount_fen: number | null;
  /** Signed change of the money the village holds from its allocations. */
  balance_effect_fen: number;
  /** The event's data without id numbers, with the head's name masked. */
  detail: Record<string, unknown>;
}

/** A household entering (+1) or leaving (−1) a status on a date, summed per village. */
export interface StatusDeltaRow {
  village_code: string;
  status: HouseholdStatus;
  changed_on: string;
  delta: number;
}

/** Changes to rows that existed before the batch; rows created in the batch are edited. */
export interface HouseholdUpdate {
  household_id: string;
  status: HouseholdStatus;
  status_on: string;
}

export interface ProjectUpdate {
  project_id: string;
  stage: string | null;
  stage_since: string | null;
  status: ProjectStatus | null;
  income_delta_fen: number;
  distributed_delta_fen: number;
}

export interface WriteSet {
  regions: RegionRow[];
  funds: FundRow[];
  allocations: AllocationRow[];
  movements: MovementRow[];
  households: HouseholdRow[];
  householdUpdates: HouseholdUpdate[];
  statusChanges: StatusChangeRow[];
  statusDeltas: StatusDeltaRow[];
  projects: ProjectRow[];
  projectUpdates: ProjectUpdate[];
  stages: StageRow[];
  income: IncomeRow[];
  shares: ShareRow[];
  timeline: TimelineRow[];
}
