import { entityIdOfStream, type DomainEvent } from '@sunshine/domain';
import { analyzeStale, type EventStore, type StoredEvent } from '@sunshine/event-store';
import {
  EventProcessor,
  poolTransaction,
  type EventConsumer,
  type ProcessorTables,
} from '@sunshine/messaging';
import type { Pool, PoolClient } from 'pg';
import type { AlertRuleParams } from '../config';
import { projectAlertEvent } from './alert-projection';
import { evaluateEvent } from './evaluate';
import { BatchFactCache } from './fact-cache';
import { applyFact } from './fact-writer';
import { enqueueFindings } from './outbox';
import { isKnownEventType, parseEvent } from './parse';
import { PEOPLE_FACT_TABLES } from './people-schema';
import { judgePaymentRun, type PaymentInRun } from './payment-run';
import { drainOutbox, type AlertRaiser, type DrainResult } from './raiser';

export const ALERT_CONSUMER_NAME = 'alert-service';

export interface AlertConsumerOptions {
  pool: Pool;
  store: EventStore;
  raiser: AlertRaiser;
  params: AlertRuleParams;
  /** Told, after commit, about every alert newly projected (for the outbound webhook). */
  onAlertProjected?: (alertId: string) => void;
  onError?: (message: string, error: unknown) => void;
}

/** How often the consumer checks its fact tables' planner statistics. */
export const STATISTICS_CHECK_MS = 10_000;
const ALERT_PROCESSOR_TABLES: ProcessorTables = {
  applied: 'alert_applied', checkpoint: 'alert_checkpoint', pending: 'alert_pending',
};
const ALERT_FACT_TABLES = ['alert_movements', 'alert_households', 'alert_allocations',
  'alert_applied', 'alerts', ...PEOPLE_FACT_TABLES];

/**
 * Keeps the rule facts and the alert read model, and evaluates the event-driven rules.
 * Driven by the one event processor: per delivery, one transaction applies the events not
 * yet applied and queues findings in the outbox; then, after the commit, the outbox is
 * drained into the event store, the new alert events are projected straight away, and the
 * checkpoint moves.
 */
export class AlertConsumer implements EventConsumer {
  readonly name = ALERT_CONSUMER_NAME;
  private statisticsCheckedAt = 0;
  private readonly processor: EventProcessor<string[], PoolClient>;

  /**
   * The checkpoint moves only after the findings of the batch are raised and projected, so
   * a client that waits for X-Projection-Position to pass its command's position also sees
   * the alerts that command caused. A crash before that point only repeats work that the
   * per-stream versions turn into no-ops.
   */
  constructor(private readonly options: AlertConsumerOptions) {
    this.processor = new EventProcessor({
      name: this.name,
      tables: ALERT_PROCESSOR_TABLES,
      transaction: poolTransaction(options.pool),
      handler: {
        handle: (client, events) => this.applyInTransaction(client, events),
        afterCommit: async (results) => {
          this.announce(results);
          await this.drain();
        },
      },
      beforeDelivery: () => this.keepStatistics(),
    });
  }

  handle(events: StoredEvent[]): Promise<void> {
    return this.processor.handle(events);
  }

  /**
   * The fact tables grow by thousands of rows a minute on a payment day; where autovacuum is
   * off (or late) their statistics would still describe a tiny table, and the repeat-candidate
   * lookups would walk whole allocations. Analyses stale ones every STATISTICS_CHECK_MS.
   */
  private async keepStatistics(): Promise<void> {
    if (Date.now() - this.statisticsCheckedAt < STATISTICS_CHECK_MS) return;
    this.statisticsCheckedAt = Date.now();
    await analyzeStale(this.options.pool, ALERT_FACT_TABLES);
  }

  lastPosition(): Promise<number> {
    return this.processor.lastPosition();
  }

  /** Raises what the outbox holds; scans and the consumer both end with it. */
  async drain(): Promise<DrainResult> {
    const { pool, store, raiser } = this.options;
    return drainOutbox(
      pool,
      store,
      raiser,
      (raised) => this.projectQuietly(raised),
      (alertId, error) => this.options.onError?.(`raising alert ${alertId} failed`, error),
    );
  }

  /**
   * Projects alerts just raised. A failure here is only logged: the feed delivers the same
   * events later, and the drain must not fail after the alerts are safely in the store.
   */
  private async projectQuietly(raised: StoredEvent[]): Promise<void> {
    try {
      this.announce(await this.processor.apply(raised));
    } catch (error) {
      this.options.onError?.('projecting raised alerts failed; the feed will retry', error);
    }
  }

  /** Tells about alerts new to the read model, after their transaction committed. */
  private announce(results: string[][]): void {
    for (const alertId of results.flat()) this.options.onAlertProjected?.(alertId);
  }

  private async applyInTransaction(client: PoolClient, events: StoredEvent[]): Promise<string[]> {
    const facts = new BatchFactCache(client);
    const fresh: string[] = [];
    const toApply: { stored: StoredEvent; event: DomainEvent }[] = [];
    for (const stored of events) {
      if (isKnownEventType(stored.type)) toApply.push({ stored, event: parseEvent(stored) });
    }
    for (let at = 0; at < toApply.length; ) {
      const run = paymentRunFrom(toApply, at);
      if (run.length > 0) {
        for (const judged of await judgePaymentRun(facts, run)) {
          await enqueueFindings(facts.db, judged.findings, originOf(judged.stored));
        }
        at += run.length;
        continue;
      }
      const next = toApply[at];
      const alertId = next && (await this.applyOne(facts, next.stored, next.event));
      if (alertId) fresh.push(alertId);
      at += 1;
    }
    return fresh;
  }

  private async applyOne(
    facts: BatchFactCache,
    stored: StoredEvent,
    event: DomainEvent,
  ): Promise<string | undefined> {
    if (stored.streamId.startsWith('alert-')) return projectAlertEvent(facts.db, stored, event);
    const entityId = entityIdOfStream(stored.streamId);
    facts.forget(stored.streamId, entityId);
    await applyFact(facts.db, stored, event, entityId);
    const { params } = this.options;
    const findings = await evaluateEvent(facts, event, stored.eventId, entityId, params);
    await enqueueFindings(facts.db, findings, originOf(stored));
    return undefined;
  }
}

/** Findings name the event that caused them and carry its trace. */
function originOf(stored: StoredEvent) {
  return {
    correlationId: stored.correlationId,
    causationId: stored.eventId,
    ...(stored.traceparent ? { traceparent: stored.traceparent } : {}),
  };
}

/** The household payments from `at` on, up to the first event of another type. */
function paymentRunFrom(
  events: readonly { stored: StoredEvent; event: DomainEvent }[],
  at: number,
): PaymentInRun[] {
  const run: PaymentInRun[] = [];
  for (let index = at; index < events.length; index += 1) {
    const item = events[index];
    const event = item?.event;
    if (!item || event?.type !== 'HouseholdPaid') break;
    run.push({ stored: item.stored, event });
  }
  return run;
}
