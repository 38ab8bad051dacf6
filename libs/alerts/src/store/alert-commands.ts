import {
  alertDecider,
  alertStreamId,
  DomainError,
  EVENT_SCHEMAS,
  type AlertCommand,
  type AlertEvent,
} from '@sunshine/domain';
import { READ_BATCH_MAX, type Actor, type EventStore } from '@sunshine/event-store';
import type { AlertCandidate } from '../candidate';
import type { FindingOrigin } from './outbox';
import type { AlertRaiser } from './raiser';
import { isKnownEventType, parseEvent } from './parse';

/** The identity under which the rules raise alerts. */
export const ALERT_SERVICE_ACTOR: Actor = { sub: 'alert-service', role: 'system' };
/** Re-decisions after a concurrent write to one alert stream. */
export const ALERT_COMMAND_RETRY_COUNT_MAX = 3;

export interface AlertCommandMeta {
  actor: Actor;
  occurredOn: string;
  correlationId: string;
  causationId: string;
  traceparent?: string;
  idempotencyKey?: string;
}

export interface AlertWriteResult {
  id: string;
  streamId: string;
  version: number;
}

/**
 * Runs one alert command: read the stream, fold, decide, append at the version read, and
 * re-decide on a conflict (a bounded number of times).
 */
export async function runAlertCommand(
  store: EventStore,
  command: AlertCommand,
  meta: AlertCommandMeta,
): Promise<AlertWriteResult> {
  const streamId = alertStreamId(command.data.alertId);
  for (let attempt = 0; ; attempt += 1) {
    const page = await store.readStream(streamId, { maxCount: READ_BATCH_MAX });
    const state = page
      .filter((stored) => isKnownEventType(stored.type))
      .map((stored) => parseEvent(stored) as AlertEvent)
      .reduce(alertDecider.evolve, alertDecider.initialState());
    const version = page.length;
    const events = alertDecider.decide(command, state).map((event) => ({
      type: event.type,
      schemaVersion: EVENT_SCHEMAS[event.type].version,
      data: event.data as Record<string, unknown>,
      occurredOn: meta.occurredOn,
      actor: meta.actor,
      correlationId: meta.correlationId,
      causationId: meta.causationId,
      ...(meta.traceparent ? { traceparent: meta.traceparent } : {}),
    }));
    try {
      const result = await store.append(streamId, events, {
        expectedVersion: version === 0 ? 'no_stream' : version,
        ...(meta.idempotencyKey ? { idempotencyKey: meta.idempotencyKey } : {}),
      });
      return { id: command.data.alertId, streamId, version: result.nextExpectedVersion };
    } catch (error) {
      const conflict = error instanceof DomainError && error.code === 'CONCURRENCY_CONFLICT';
      if (!conflict || attempt >= ALERT_COMMAND_RETRY_COUNT_MAX) throw error;
    }
  }
}

/** Raises through the alert decider; an existing stream means "already raised". */
export class EventStoreAlertRaiser implements AlertRaiser {
  constructor(private readonly store: EventStore) {}

  async raise(
    alertId: string,
    found: AlertCandidate,
    origin: FindingOrigin,
  ): Promise<'raised' | 'exists'> {
    try {
      await runAlertCommand(
        this.store,
        { type: 'RaiseAlert', data: { ...found, alertId } },
        { actor: ALERT_SERVICE_ACTOR, occurredOn: found.detectedOn, ...origin },
      );
      return 'raised';
    } catch (error) {
      if (error instanceof DomainError && error.code === 'ALREADY_EXISTS') return 'exists';
      throw error;
    }
  }
}
