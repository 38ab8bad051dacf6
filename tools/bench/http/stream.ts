import { randomUUID } from 'node:crypto';
import { EVENT_SCHEMAS, fundStreamId } from '@sunshine/domain';
import { PostgresEventStore, type BulkAppendItem, type NewEvent } from '@sunshine/event-store';
import { log } from '../measure';
import { paymentBody } from './seed';

/**
 * Grows a fund stream to a given length straight through the store's bulk append, while no
 * host is running: valid `HouseholdPaid` events against the fund's allocation, hashed and
 * chained by the store, so the decider folds them and the projections apply them.
 */

/** Events per appendBulk call, as items of ITEM_EVENTS_MAX for the same stream. */
const CALL_EVENTS_MAX = 10_000;
const ITEM_EVENTS_MAX = 500;
/** Sequence numbers of grown payments start here, above any the HTTP clients use. */
export const GROWN_SEQ_FIRST = 1_000_000;
const PROGRESS_EVERY_EVENTS = 50_000;
/** Growing 200,000 events takes well under a minute; a store that stalls must not hang. */
export const STREAM_GROW_TIMEOUT_MS = 300_000;
const STORE_CLOSE_TIMEOUT_MS = 10_000;

function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish in ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function payment(villageCode: string, seq: number, correlationId: string): NewEvent {
  const data = paymentBody(villageCode, `bench-grown-${seq}`, seq);
  return {
    type: 'HouseholdPaid', schemaVersion: EVENT_SCHEMAS.HouseholdPaid.version, data,
    occurredOn: data.paidOn, actor: { sub: 'bench-finance', role: 'finance' },
    correlationId, causationId: correlationId,
  };
}

function nextCall(streamId: string, villageCode: string, version: number, count: number,
  seqFirst: number): BulkAppendItem[] {
  const items: BulkAppendItem[] = [];
  for (let done = 0; done < count; done += ITEM_EVENTS_MAX) {
    const size = Math.min(ITEM_EVENTS_MAX, count - done);
    const correlationId = randomUUID();
    const events = Array.from({ length: size }, (_, i) =>
      payment(villageCode, seqFirst + done + i, correlationId));
    items.push({ streamId, events, expectedVersion: version + done });
  }
  return items;
}

/** Appends until the fund stream holds `targetEvents`; returns its version afterwards. */
export async function growFundStream(databaseUrl: string, fundId: string, villageCode: string,
  targetEvents: number): Promise<number> {
  const store = await PostgresEventStore.connect({ connectionString: databaseUrl });
  try {
    return await within(appendUntil(store, fundStreamId(fundId), villageCode, targetEvents),
      STREAM_GROW_TIMEOUT_MS, `growing fund ${fundId} to ${targetEvents} events`);
  } finally {
    await within(store.close(), STORE_CLOSE_TIMEOUT_MS, 'closing the store').catch(() => undefined);
  }
}

async function appendUntil(store: PostgresEventStore, streamId: string, villageCode: string,
  targetEvents: number): Promise<number> {
  let version = await store.streamVersion(streamId);
  let reported = version;
  while (version < targetEvents) {
    const count = Math.min(CALL_EVENTS_MAX, targetEvents - version);
    await store.appendBulk(nextCall(streamId, villageCode, version, count,
      GROWN_SEQ_FIRST + version));
    version += count;
    if (version - reported >= PROGRESS_EVERY_EVENTS) {
      reported = version;
      log(`http: fund stream ${streamId} at ${version} events`);
    }
  }
  return version;
}

/** The store's head position, to know when the host's projections have caught up. */
export async function headPosition(databaseUrl: string): Promise<number> {
  const store = await PostgresEventStore.connect({ connectionString: databaseUrl });
  try {
    return await store.headPosition();
  } finally {
    await store.close();
  }
}
