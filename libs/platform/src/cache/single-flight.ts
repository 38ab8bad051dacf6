/** Distinct computations shared at once; beyond this a computation simply runs alone. */
export const SINGLE_FLIGHT_KEYS_MAX = 1_024;

/**
 * Concurrent calls with one key share one running computation instead of each starting
 * its own. Nothing is remembered once it settles: a failure reaches every caller that was
 * waiting for it, and the next call starts afresh.
 */
export class SingleFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  constructor(readonly keysMax: number = SINGLE_FLIGHT_KEYS_MAX) {}

  /** Keys whose computation is running now. */
  get size(): number {
    return this.running.size;
  }

  run(key: string, work: () => Promise<T>): Promise<T> {
    const shared = this.running.get(key);
    if (shared) return shared;
    if (this.running.size >= this.keysMax) return work();
    const started = work().finally(() => this.running.delete(key));
    this.running.set(key, started);
    return started;
  }
}
