import { fundStreamId, householdStreamId, type DomainEvent } from '@sunshine/domain';
import type { EventConsumer } from '@sunshine/messaging';
import { PostgresEventStore, type EventStore } from '@sunshine/event-store';
import { startTestPostgres, type TestPostgres } from '@sunshine/testing';
import { DEFAULT_RULE_PARAMS } from '../config';
import { AlertEngine } from '../engine';
import { appendEvents } from '../testing/events';
import { allocated, fundReceived, paid, registered } from '../testing/scenario';

// Jest reads `testTimeout` only from the root config, not per project, so set it here.
jest.setTimeout(240_000);

const deregistered: DomainEvent = {
  type: 'HouseholdDeregistered',
  data: { deregisteredOn: '2024-03-01', reason: 'moved away' },
};

/**
 * One fund's payments interleaved with household events, in the order they are appended:
 * repeats of one amount to one household inside and outside 30 days, payments over the
 * allocation's cap, to an unknown household and to one deregistered between two payments.
 */
function appends(): [string, DomainEvent[]][] {
  const fund = fundStreamId('f-run');
  const pay = (id: string, household: string, amountFen: number, paidOn: string) =>
    [fund, [paid(id, household, amountFen, paidOn)]] as [string, DomainEvent[]];
  return [
    [householdStreamId('h1'), [registered('2023-01-01')]],
    [householdStreamId('h2'), [registered('2023-01-01')]],
    [fund, [fundReceived(100_000_000, '2024-01-02'), allocated('a1', 50_000_000, 20_000)]],
    pay('p1', 'h1', 10_000, '2024-02-01'),
    pay('p2', 'h1', 10_000, '2024-02-20'),
    pay('p3', 'h2', 25_000, '2024-02-02'),
    pay('p4', 'h1', 10_000, '2024-04-15'),
    pay('p5', 'h-nobody', 5_000, '2024-02-03'),
    pay('p6', 'h2', 9_000, '2024-02-05'),
    [householdStreamId('h2'), [deregistered]],
    pay('p7', 'h2', 9_000, '2024-03-05'),
    pay('p8', 'h1', 10_000, '2024-02-25'),
    pay('p9', 'h1', 10_000, '2024-02-25'),
  ];
}

interface Side {
  server: TestPostgres;
  store: PostgresEventStore;
  engine: AlertEngine;
}

async function side(): Promise<Side> {
  const server = await startTestPostgres();
  const store = await PostgresEventStore.connect({ connectionString: server.url });
  const params = DEFAULT_RULE_PARAMS;
  const engine = await AlertEngine.open({ databaseUrl: server.url, store, params });
  for (const [streamId, events] of appends()) await appendEvents(store, streamId, events);
  return { server, store, engine };
}

/** Feeds the consumer `batchSize` events at a time until it has seen the head. */
async function feed(store: EventStore, consumer: EventConsumer, batchSize: number) {
  for (let round = 0; round < 1_000; round += 1) {
    const after = await consumer.lastPosition();
    const events = await store.readAll({ after, maxCount: batchSize });
    if (events.length === 0) return;
    await consumer.handle(events);
  }
  throw new Error('the consumer did not catch up');
}

async function alertsOf({ engine }: Side): Promise<string[]> {
  const { items } = await engine.list({ limit: 500 });
  return items.map((a) => `${a.rule}:${a.subject.id}`).sort();
}

describe('a run of payments judged in one pass', () => {
  let whole: Side;
  let single: Side;
  beforeAll(async () => {
    [whole, single] = [await side(), await side()];
  });
  afterAll(async () => {
    for (const s of [whole, single]) {
      await s.engine.close();
      await s.store.close();
      await s.server.stop();
    }
  });

  it('raises the same alerts as judging each payment in a batch of its own', async () => {
    await feed(whole.store, whole.engine.consumer, 500);
    await feed(single.store, single.engine.consumer, 1);
    const alerts = await alertsOf(whole);
    expect(alerts).toEqual(await alertsOf(single));
    // One alert per repeated pair: p8 repeats p1 and p2, p9 repeats p1, p2 and p8; p4 is
    // 49 days after p8, outside the window.
    expect(alerts).toEqual([
      'DUPLICATE_PAYMENT:p2',
      'DUPLICATE_PAYMENT:p7',
      'DUPLICATE_PAYMENT:p8',
      'DUPLICATE_PAYMENT:p8',
      'DUPLICATE_PAYMENT:p9',
      'DUPLICATE_PAYMENT:p9',
      'DUPLICATE_PAYMENT:p9',
      'OVER_STANDARD_PAYMENT:p3',
      'PAYMENT_TO_INELIGIBLE_HOUSEHOLD:p5',
      'PAYMENT_TO_INELIGIBLE_HOUSEHOLD:p7',
    ]);
  });
});
