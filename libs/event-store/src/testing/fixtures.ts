import { randomBytes } from 'node:crypto';
import type { CheckpointStore, NewEvent } from '../port';

/** Test data for the contract suite: small events on streams unique to each test. */

export const uniqueStreamId = (prefix: string): string =>
  `${prefix}-${randomBytes(6).toString('hex')}`;

export function testEvent(n: number, data: Record<string, unknown> = {}): NewEvent {
  return {
    type: 'ContractTested',
    schemaVersion: 1,
    data: { n, label: `event ${n}`, amountFen: 100 * (n + 1), ...data },
    occurredOn: '2024-03-15',
    actor: { sub: 'contract-user', role: 'admin' },
    correlationId: `corr-${n}`,
    causationId: `cause-${n}`,
  };
}

export const testEvents = (count: number, from = 0): NewEvent[] =>
  Array.from({ length: count }, (_, index) => testEvent(from + index));

/** Checkpoints in memory, for stores whose adapter brings none of its own. */
export class MemoryCheckpointStore implements CheckpointStore {
  private readonly positions = new Map<string, number>();

  async load(name: string): Promise<number> {
    return this.positions.get(name) ?? 0;
  }

  async save(name: string, position: number): Promise<void> {
    this.positions.set(name, Math.max(position, this.positions.get(name) ?? 0));
  }
}

/** Polls `condition` every `intervalMs` until it holds or `timeoutMs` passes. */
export async function waitFor(
  condition: () => boolean,
  timeoutMs: number,
  intervalMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
