import type { StoredEvent } from '@sunshine/event-store';
import type { LoadedFund } from './fund-access';

/** `GET /api/funds/{id}` (SPEC §7): exactly these fields, folded from the event store. */
export interface FundView {
  fundId: string;
  name: string;
  category: string;
  countyCode: string;
  amountFen: number;
  allocatedFen: number;
  unallocatedFen: number;
  allocations: {
    allocationId: string;
    villageCode: string;
    target: { type: 'project' | 'village'; id: string };
    amountFen: number;
    remainingFen: number;
  }[];
  version: number;
}

export function toFundView(fundId: string, { fund, version }: LoadedFund): FundView {
  return {
    fundId,
    name: fund.name,
    category: fund.category,
    countyCode: fund.countyCode,
    amountFen: fund.amountFen,
    allocatedFen: fund.allocatedFen,
    unallocatedFen: fund.unallocatedFen,
    allocations: fund.allocations.map((a) => ({
      allocationId: a.allocationId,
      villageCode: a.villageCode,
      target: a.target,
      amountFen: a.amountFen,
      remainingFen: a.remainingFen,
    })),
    version,
  };
}

/** Fields that identify a person and never leave the write side (SPEC §1, public has no PII). */
const REDACTED_KEYS = new Set(['idNumber']);

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([key]) => !REDACTED_KEYS.has(key))
    .map(([key, inner]) => [key, redact(inner)]);
  return Object.fromEntries(entries);
}

/** A stored event as the events route answers it: all metadata, data without id numbers. */
export function toEventItem(event: StoredEvent): StoredEvent {
  return { ...event, data: redact(event.data) as Record<string, unknown> };
}
