import { daysBetween, regionLevelOf } from '@sunshine/domain';
import type { MovementKind } from './rows';

/**
 * The metric maths of SPEC §6 in pure TypeScript. Sums are bigint so no total can lose
 * precision; results are converted back to numbers only after checking they are safe.
 */

export const IDLE_DAYS_DEFAULT = 90;
export const RATE_DECIMALS = 4;

/** numerator / denominator rounded half-up (away from zero) to `decimals`; 0 when ÷ 0. */
export function rateHalfUp(
  numerator: bigint,
  denominator: bigint,
  decimals: number = RATE_DECIMALS,
): number {
  if (denominator === 0n) return 0;
  const scale = 10n ** BigInt(decimals);
  const negative = numerator < 0n !== denominator < 0n;
  const num = (numerator < 0n ? -numerator : numerator) * scale;
  const den = denominator < 0n ? -denominator : denominator;
  // Adding half the divisor before the integer division rounds a tie upwards.
  const scaled = (2n * num + den) / (2n * den);
  const value = Number(scaled) / Number(scale);
  return negative && value !== 0 ? -value : value;
}

export function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new Error(`amount ${value} exceeds the safe integer range`);
  }
  return Number(value);
}

/** Σ amounts of one kind of movement attributed to one region code. */
export interface KindTotal {
  regionCode: string;
  kind: MovementKind;
  amountFen: bigint;
}

/** An allocation and what happened to it up to the as-of date. */
export interface AllocationActivity {
  regionCode: string;
  amountFen: bigint;
  allocatedOn: string;
  /** Disbursements, payments and returns against it dated ≤ T. */
  spentFen: bigint;
  /** Latest paidOn ≤ T of a disbursement or payment against it. */
  lastPaidOn: string | null;
}

export interface RegionMetrics {
  receivedFen: number;
  allocatedFen: number;
  disbursedFen: number;
  returnedFen: number;
  retainedFen: number;
  retentionRate: number;
  idleFen: number;
  stuckFundRate: number;
}

export function remainderFen(allocation: AllocationActivity): bigint {
  return allocation.amountFen - allocation.spentFen;
}

/** Idle at T: something remains and nothing was paid for more than `idleDays` days. */
export function isIdle(allocation: AllocationActivity, asOf: string, idleDays: number): boolean {
  if (remainderFen(allocation) <= 0n) return false;
  const lastActivityOn = allocation.lastPaidOn ?? allocation.allocatedOn;
  return daysBetween(lastActivityOn, asOf) > idleDays;
}

const inRegion = (regionPrefix: string) => (code: string) => code.startsWith(regionPrefix);

/** A county or larger counts receipts as received; a town or village, its allocations. */
export function receivesByAllocation(regionCode: string): boolean {
  const level = regionLevelOf(regionCode);
  return level === 'town' || level === 'village';
}

export function regionMetrics(
  regionCode: string,
  totals: KindTotal[],
  allocations: AllocationActivity[],
  asOf: string,
  idleDays: number,
): RegionMetrics {
  const inside = inRegion(regionCode);
  const sum = (kinds: MovementKind[]) =>
    totals
      .filter((t) => kinds.includes(t.kind) && inside(t.regionCode))
      .reduce((acc, t) => acc + t.amountFen, 0n);
  const allocated = sum(['allocation']);
  const received = receivesByAllocation(regionCode) ? allocated : sum(['receipt']);
  const disbursed = sum(['disbursement', 'payment', 'payment_failed']);
  const returned = sum(['return']);
  const retained = received - disbursed - returned;
  const idle = allocations
    .filter((a) => inside(a.regionCode) && isIdle(a, asOf, idleDays))
    .reduce((acc, a) => acc + remainderFen(a), 0n);
  return {
    receivedFen: toSafeNumber(received),
    allocatedFen: toSafeNumber(allocated),
    disbursedFen: toSafeNumber(disbursed),
    returnedFen: toSafeNumber(returned),
    retainedFen: toSafeNumber(retained),
    retentionRate: rateHalfUp(retained, received),
    idleFen: toSafeNumber(idle),
    stuckFundRate: rateHalfUp(idle, allocated),
  };
}

const CHILD_CODE_LENGTH: Record<number, number> = { 2: 4, 4: 6, 6: 9, 9: 12 };

/** The length of a child region's code, or undefined for a village. */
export function childCodeLength(regionCode: string): number | undefined {
  return CHILD_CODE_LENGTH[regionCode.length];
}

/** Child regions: those defined, plus prefixes of codes that money was attributed to. */
export function childRegionCodes(regionCode: string, knownCodes: Iterable<string>): string[] {
  const length = childCodeLength(regionCode);
  if (length === undefined) return [];
  const children = new Set<string>();
  for (const code of knownCodes) {
    if (code.length >= length && code.startsWith(regionCode)) {
      children.add(code.slice(0, length));
    }
  }
  return [...children].sort();
}
