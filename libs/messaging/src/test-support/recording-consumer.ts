import type { StoredEvent } from '@sunshine/event-store';
import type { EventConsumer } from '../feed';

/**
 * What an idempotent consumer keeps in its database, shared by every instance of one test
 * service: per stream, the last applied version. An event at or below it is a redelivery and
 * is skipped; an event above the next version would be a gap and is recorded as an error.
 */
export class AppliedLog {
  readonly lastVersion = new Map<string, number>();
  applied = 0;
  duplicates = 0;
  readonly gaps: string[] = [];
  lastPosition = 0;

  apply(event: StoredEvent): boolean {
    const last = this.lastVersion.get(event.streamId) ?? 0;
    if (event.streamVersion <= last) {
      this.duplicates += 1;
      return false;
    }
    if (event.streamVersion !== last + 1) {
      this.gaps.push(`${event.streamId}: ${last} → ${event.streamVersion}`);
    }
    this.lastVersion.set(event.streamId, event.streamVersion);
    this.lastPosition = Math.max(this.lastPosition, event.globalPosition);
    this.applied += 1;
    return true;
  }
}

/** One instance of a test service: applies through the shared log, counts what it saw. */
export class RecordingConsumer implements EventConsumer {
  handled = 0;
  batches = 0;

  constructor(
    readonly name: string,
    private readonly log: AppliedLog,
    private readonly handleDelayMs = 0,
  ) {}

  async handle(events: StoredEvent[]): Promise<void> {
    // The delay stands for a projection's database work, so a stop can land mid-stream.
    if (this.handleDelayMs > 0) await new Promise((r) => setTimeout(r, this.handleDelayMs));
    for (const event of events) this.log.apply(event);
    this.handled += events.length;
    this.batches += 1;
  }

  async lastPosition(): Promise<number> {
    return this.log.lastPosition;
  }
}
