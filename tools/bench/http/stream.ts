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
  const streamId = fundStreamId(fundId);
  try {
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
  } finally {
    await store.close();
  }
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
