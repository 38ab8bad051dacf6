/**
 * A sleep that can be cut short. A notification that arrives while nobody waits is kept, so
 * an append announced between a read and the next wait is never slept through.
 */
export class WakeSignal {
  private pending = false;
  private wakeCurrent: (() => void) | undefined;

  notify(): void {
    if (this.wakeCurrent) {
      this.wakeCurrent();
      return;
    }
    this.pending = true;
  }

  /** Resolves after `timeoutMs`, or earlier on `notify()`. */
  wait(timeoutMs: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeCurrent = undefined;
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.wakeCurrent = done;
    });
  }
}
