import {
  fundStreamId,
  householdStreamId,
  projectStreamId,
  type DomainEvent,
} from '@sunshine/domain';
import { PostgresEventStore } from '@sunshine/event-store';
import { startTestPostgres, type TestPostgres } from '@sunshine/testing';
import { DEFAULT_RULE_PARAMS } from './config';
import { AlertEngine } from './engine';
import { appendEvents, feedUntilCaughtUp } from './testing/events';
import {
  allocated,
  fundReceived,
  paid,
  projectRegistered,
  registered,
} from './testing/scenario';

const OTHER_VILLAGE = '320826100202';

const disbursed = (
  id: string,
  payeeId: string,
  amountFen: number,
  paidOn: string,
): DomainEvent => ({
  type: 'FundDisbursed',
  data: {
    disbursementId: id,
    allocationId: 'a1',
    payee: { type: 'contractor', id: payeeId, name: 'Builder' },
    amountFen,
    paidOn,
    voucherNo: `v-${id}`,
  },
});

const income = (wagesFen: number, oneOffFen: number): DomainEvent => ({
  type: 'HouseholdIncomeRecorded',
  data: {
    period: '2024Q1',
    wagesFen,
    businessFen: 0,
    propertyFen: 0,
    transferFen: oneOffFen,
    otherFen: 0,
    oneOffTransfers: oneOffFen > 0 ? [{ kind: 'medical', amountFen: oneOffFen }] : [],
    recordedOn: '2024-03-31',
  },
});

const exited: DomainEvent = { type: 'HouseholdExitedPoverty', data: { exitedOn: '2024-04-10' } };
const crossCheck: DomainEvent = {
  type: 'CrossCheckHitRecorded',
  data: { source: 'vehicle', detail: 'owns a car', recordedOn: '2024-05-01' },
};
const deregistered: DomainEvent = {
  type: 'HouseholdDeregistered',
  data: { deregisteredOn: '2024-04-01', reason: 'moved away' },
};

/** Streams exercising each SQL path of the rules, with a near miss beside each hit. */
function streams(): [string, DomainEvent[]][] {
  const elsewhere = registered('2023-01-01');
  if (elsewhere.type === 'HouseholdRegistered') elsewhere.data.villageCode = OTHER_VILLAGE;
  return [
    [householdStreamId('h-far'), [elsewhere]],
    [householdStreamId('h-false'), [registered('2023-01-01'), income(1_500_000, 400_000), exited]],
    [householdStreamId('h-wages'), [registered('2023-01-01'), income(2_000_000, 400_000), exited]],
    [householdStreamId('h-check'), [registered('2023-01-01'), crossCheck]],
    [householdStreamId('h-gone'), [registered('2023-01-01'), deregistered, crossCheck]],
    [fundStreamId('f1'), [
      fundReceived(100_000_000, '2024-08-01'),
      allocated('a1', 50_000_000),
      paid('p-far', 'h-far', 10_000, '2024-02-01'),
      disbursed('d1', 'c-split', 1_700_000, '2024-03-01'),
      disbursed('d4', 'c-under', 1_666_666, '2024-03-01'),
    ]],
    [fundStreamId('f2'), [
      fundReceived(100_000_000, '2024-08-01'),
      allocated('a1', 50_000_000),
      disbursed('d2', 'c-split', 1_700_000, '2024-03-04'),
      disbursed('d3', 'c-split', 1_700_000, '2024-03-08'),
      disbursed('d5', 'c-under', 1_666_666, '2024-03-04'),
      disbursed('d6', 'c-under', 1_666_666, '2024-03-08'),
    ]],
    [projectStreamId('pr-kept'), [
      projectRegistered,
      { type: 'ProjectIncomeRecorded', data: { amountFen: 300_000, earnedOn: '2024-01-10' } },
    ]],
    [projectStreamId('pr-paid'), [
      projectRegistered,
      { type: 'ProjectIncomeRecorded', data: { amountFen: 300_000, earnedOn: '2024-01-10' } },
      {
        type: 'ProjectIncomeDistributed',
        data: {
          distributedOn: '2024-03-01',
          shares: [{ householdId: 'h-check', amountFen: 300_000 }],
        },
      },
    ]],
  ];
}

describe('rules evaluated over the fact tables', () => {
  let server: TestPostgres;
  let store: PostgresEventStore;
  let engine: AlertEngine;
  let found: string[];

  beforeAll(async () => {
    server = await startTestPostgres();
    store = await PostgresEventStore.connect({ connectionString: server.url });
    const params = DEFAULT_RULE_PARAMS;
    engine = await AlertEngine.open({ databaseUrl: server.url, store, params });
    for (const [streamId, events] of streams()) await appendEvents(store, streamId, events);
    await feedUntilCaughtUp(store, engine.consumer);
    await engine.scan('2024-09-01');
    await feedUntilCaughtUp(store, engine.consumer);
    const { items } = await engine.list({ limit: 500 });
    found = items.map((a) => `${a.rule}:${a.subject.id}`);
  });

  afterAll(async () => {
    await engine.close();
    await store.close();
    await server.stop();
  });

  it('flags splits across funds to one payee, not three payments just under', () => {
    expect(found.filter((f) => f.startsWith('SPLIT_PAYMENTS'))).toEqual([
      'SPLIT_PAYMENTS:contractor:c-split',
    ]);
  });

  it('flags a false exit lifted by a reimbursement, not one carried by wages', () => {
    expect(found.filter((f) => f.startsWith('FALSE_EXIT'))).toEqual(['FALSE_EXIT:h-false']);
  });

  it('flags a cross-check hit on a registered household, not a deregistered one', () => {
    expect(found.filter((f) => f.startsWith('CROSS_CHECK_HIT'))).toEqual([
      'CROSS_CHECK_HIT:h-check',
    ]);
  });

  it('flags a payment to a household of another village', () => {
    expect(found.filter((f) => f.startsWith('PAYMENT_OUTSIDE'))).toEqual([
      'PAYMENT_OUTSIDE_TARGET_AREA:p-far',
    ]);
  });

  it('flags kept project income, not income distributed in time', () => {
    expect(found.filter((f) => f.startsWith('UNDISTRIBUTED'))).toEqual([
      'UNDISTRIBUTED_INCOME:pr-kept',
    ]);
  });

  it('does not count funds received within 90 days towards retention', () => {
    expect(found.filter((f) => f.startsWith('HIGH_RETENTION'))).toEqual([]);
  });

  it('pages the list with a cursor and no overlap', async () => {
    const first = await engine.list({ limit: 3 });
    expect(first.nextCursor).toBeDefined();
    const rest = await engine.list({ limit: 500, cursor: first.nextCursor });
    const ids = [...first.items, ...rest.items].map((a) => a.alertId);
    expect(new Set(ids).size).toBe(found.length);
    expect(rest.nextCursor).toBeUndefined();
  });
});
