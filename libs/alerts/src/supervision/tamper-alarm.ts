import { regionCode as regionCodeSchema } from '@sunshine/domain';
import { onStreamTampered, type EventStore, type TamperReport } from '@sunshine/event-store';
import { alertIdOf } from '../candidate';
import { tamperDetected } from '../rules';
import { ALERT_SERVICE_ACTOR, EventStoreAlertRaiser } from '../store/alert-commands';

/** Streams already raised in this process; beyond this the oldest are forgotten. */
export const TAMPER_RAISED_STREAMS_MAX = 10_000;
const REGION_FIELDS = ['countyCode', 'villageCode', 'regionCode', 'code'] as const;
/** Events read to find the region a tampered stream belongs to. */
const REGION_LOOKUP_EVENTS = 10;

export interface TamperAlarmOptions {
  today: () => string;
  onError?: (message: string, error: unknown) => void;
}

const installed = new WeakSet<EventStore>();

/**
 * Raises TAMPER_DETECTED (critical) when any fold or audit on this store meets a broken hash
 * chain. The alert id depends on the stream only, so the alert is raised once however often
 * the stream is read; installing twice on one store is a no-op (the one-process host loads
 * every service module).
 */
export function installTamperAlarm(store: EventStore, options: TamperAlarmOptions): void {
  if (installed.has(store)) return;
  installed.add(store);
  const raiser = new EventStoreAlertRaiser(store);
  const raised = new Set<string>();
  onStreamTampered(store, (report) => {
    if (raised.has(report.streamId)) return;
    raised.add(report.streamId);
    if (raised.size > TAMPER_RAISED_STREAMS_MAX) {
      const [oldest] = raised;
      if (oldest !== undefined) raised.delete(oldest);
    }
    raise(store, raiser, report, options).catch((error: unknown) => {
      raised.delete(report.streamId);
      options.onError?.(`raising TAMPER_DETECTED for ${report.streamId} failed`, error);
    });
  });
}

async function raise(
  store: EventStore,
  raiser: EventStoreAlertRaiser,
  report: TamperReport,
  options: TamperAlarmOptions,
): Promise<void> {
  const regionCode = report.regionCode ?? (await regionOfStream(store, report.streamId));
  if (!regionCode || !regionCodeSchema.safeParse(regionCode).success) {
    options.onError?.(`no region found for tampered stream ${report.streamId}`, undefined);
    return;
  }
  const fact = { ...report, regionCode, detectedOn: options.today() };
  for (const found of tamperDetected(fact)) {
    await raiser.raise(alertIdOf(found), found, {
      correlationId: `tamper-${report.streamId}`,
      causationId: `${ALERT_SERVICE_ACTOR.sub}:verify`,
    });
  }
}

/** The first region code the stream's first surviving events name. */
async function regionOfStream(store: EventStore, streamId: string): Promise<string | undefined> {
  const events = await store.readStream(streamId, { maxCount: REGION_LOOKUP_EVENTS });
  for (const event of events) {
    for (const field of REGION_FIELDS) {
      const value = event.data[field];
      if (typeof value === 'string') return value;
    }
  }
  return undefined;
}
