import {
  alertDecider,
  alertStreamId,
  DomainError,
  type AlertCommand,
} from '@sunshine/domain';
import {
  handleCommand,
  type Actor,
  type EventStore,
  type StoredEvent,
} from '@sunshine/event-store';
import type { AlertCandidate } from '../candidate';
import type { FindingOrigin } from './outbox';
import type { AlertRaiser } from './raiser';

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

interface AlertCommandOutcome extends AlertWriteResult {
  events: StoredEvent[];
}

/**
 * Runs one alert command through the generic command handler. Raising pins the expected
 * version to `no_stream`: the id is deterministic, so an existing stream is the same alert.
 */
export async function runAlertCommand(
  store: EventStore,
  command: AlertCommand,
  meta: AlertCommandMeta,
): Promise<AlertCommandOutcome> {
  const streamId = alertStreamId(command.data.alertId);
  const { actor, occurredOn, correlationId, causationId, traceparent } = meta;
  const result = await handleCommand({
    store,
    decider: alertDecider,
    streamId,
    command,
    metadata: { actor, occurredOn, correlationId, causationId, traceparent },
    ...(command.type === 'RaiseAlert' ? { expectedVersion: 'no_stream' as const } : {}),
    idempotencyKey: meta.idempotencyKey,
    retryCountMax: ALERT_COMMAND_RETRY_COUNT_MAX,
  });
  return {
    id: command.data.alertId,
    streamId,
    version: result.nextExpectedVersion,
    events: result.events,
  };
}

/** Raises through the alert decider; an existing stream means "already raised". */
export class EventStoreAlertRaiser implements AlertRaiser {
  constructor(private readonly store: EventStore) {}

  async raise(
    alertId: string,
    found: AlertCandidate,
    origin: FindingOrigin,
  ): Promise<StoredEvent[]> {
    try {
      const result = await runAlertCommand(
        this.store,
        { type: 'RaiseAlert', data: { ...found, alertId } },
        { actor: ALERT_SERVICE_ACTOR, occurredOn: found.detectedOn, ...origin },
      );
      return result.events;
    } catch (error) {
      // A raise racing another one for the same id loses on the pinned version.
      const code = error instanceof DomainError ? error.code : undefined;
      if (code === 'ALREADY_EXISTS' || code === 'CONCURRENCY_CONFLICT') return [];
      throw error;
    }
  }
}
