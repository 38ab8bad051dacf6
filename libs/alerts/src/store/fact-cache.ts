import type { AllocationFact, HouseholdFact } from '../facts';
import { loadAllocation, loadHousehold, loadHouseholds } from './fact-reader';
import type { Queryable } from './sql';

/**
 * Allocations and households read during one batch, kept so that a batch of payments from
 * one allocation to one household reads each once. The consumer forgets an entry whenever
 * it applies an event to that entity, so the cache never answers with a stale fact.
 */
export class BatchFactCache {
  private readonly allocations = new Map<string, AllocationFact | undefined>();
  private readonly households = new Map<string, HouseholdFact | undefined>();

  constructor(readonly db: Queryable) {}

  async allocation(fundId: string, allocationId: string): Promise<AllocationFact | undefined> {
    const key = `${fundId}\u0000${allocationId}`;
    if (!this.allocations.has(key)) {
      this.allocations.set(key, await loadAllocation(this.db, fundId, allocationId));
    }
    return this.allocations.get(key);
  }

  async household(householdId: string): Promise<HouseholdFact | undefined> {
    if (!this.households.has(householdId)) {
      this.households.set(householdId, await loadHousehold(this.db, householdId));
    }
    return this.households.get(householdId);
  }

  /** Reads the households not cached yet in one query. */
  async prefetchHouseholds(householdIds: readonly string[]): Promise<void> {
    const missing = [...new Set(householdIds)].filter((id) => !this.households.has(id));
    const found = await loadHouseholds(this.db, missing);
    for (const id of missing) this.households.set(id, found.get(id));
  }

  /** Called before an event of the entity's stream is applied. */
  forget(streamId: string, entityId: string): void {
    if (streamId.startsWith('household-')) this.households.delete(entityId);
    if (!streamId.startsWith('fund-')) return;
    const prefix = `${entityId}\u0000`;
    for (const key of this.allocations.keys()) {
      if (key.startsWith(prefix)) this.allocations.delete(key);
    }
  }
}
