import fc from 'fast-check';
import { EVENT_SCHEMAS } from './events';
import {
  EventSchemaError,
  occurredOnOf,
  parseStoredEvent,
  toNewEventPayload,
  upcast,
} from './upcasters';
import { fundAllocated, fundReceived, SAMPLE_VILLAGE } from './testing/fixtures';

const v1Allocation = {
  allocationId: 'a1',
  villageCode: SAMPLE_VILLAGE,
  amountFen: 400_000,
  allocatedOn: '2024-02-01',
};

describe('a FundAllocated v1 event', () => {
  it('is read as v2 with the allocation village as its target', () => {
    const event = parseStoredEvent({ type: 'FundAllocated', schemaVersion: 1, data: v1Allocation });
    expect(event).toEqual({
      type: 'FundAllocated',
      data: { ...v1Allocation, target: { type: 'village', id: SAMPLE_VILLAGE } },
    });
  });

  it('keeps its per-household cap', () => {
    const data = { ...v1Allocation, perHouseholdCapFen: 60_000 };
    const event = parseStoredEvent({ type: 'FundAllocated', schemaVersion: 1, data });
    expect(event.data).toMatchObject({ perHouseholdCapFen: 60_000 });
  });

  it('is rejected when its money is not integer fen', () => {
    const data = { ...v1Allocation, amountFen: 1.5 };
    expect(() => parseStoredEvent({ type: 'FundAllocated', schemaVersion: 1, data })).toThrow(
      EventSchemaError,
    );
  });

  it('upcasts any valid v1 allocation to a valid v2 one with the same fields', () => {
    const v1 = fc.record(
      {
        allocationId: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
        villageCode: fc.stringMatching(/^\d{12}$/),
        amountFen: fc.integer({ min: 1, max: 10 ** 13 }),
        allocatedOn: fc.constantFrom('2020-01-01', '2024-02-29', '2025-12-31'),
        perHouseholdCapFen: fc.integer({ min: 1, max: 10 ** 9 }),
      },
      { requiredKeys: ['allocationId', 'villageCode', 'amountFen', 'allocatedOn'] },
    );
    fc.assert(
      fc.property(v1, (data) => {
        const event = parseStoredEvent({ type: 'FundAllocated', schemaVersion: 1, data });
        expect(event.data).toEqual({ ...data, target: { type: 'village', id: data.villageCode } });
      }),
      { numRuns: 200 },
    );
  });
});

describe('a current-version event', () => {
  it('is read unchanged', () => {
    const stored = { type: 'FundAllocated', schemaVersion: 2, data: fundAllocated().data };
    expect(parseStoredEvent(stored)).toEqual(fundAllocated());
  });

  it('is rejected with an unknown field', () => {
    const data = { ...fundReceived().data, extra: 1 };
    expect(() => parseStoredEvent({ type: 'FundReceived', schemaVersion: 1, data })).toThrow(
      EventSchemaError,
    );
  });
});

describe('an unreadable stored event', () => {
  it('is rejected when its type is unknown', () =>
    expect(() => parseStoredEvent({ type: 'FundStolen', schemaVersion: 1, data: {} })).toThrow(
      /unknown event type FundStolen/,
    ));

  it('is rejected when its type is an inherited property name', () =>
    expect(() => parseStoredEvent({ type: 'toString', schemaVersion: 1, data: {} })).toThrow(
      EventSchemaError,
    ));

  it.each([0, 3, 1.5])('is rejected at version %s', (schemaVersion) =>
    expect(() => upcast('FundAllocated', schemaVersion, v1Allocation)).toThrow(EventSchemaError),
  );

  it('is rejected when old data is not an object', () =>
    expect(() => parseStoredEvent({ type: 'FundAllocated', schemaVersion: 1, data: null })).toThrow(
      EventSchemaError,
    ));
});

describe('every event type', () => {
  it('has an upcaster for each of its older versions', () => {
    for (const [type, { version }] of Object.entries(EVENT_SCHEMAS)) {
      for (let from = 1; from < version; from += 1) {
        expect(() => upcast(type as keyof typeof EVENT_SCHEMAS, from, {})).not.toThrow(
          /no upcaster/,
        );
      }
    }
  });
});

describe('toNewEventPayload', () => {
  it('stamps the current version and the business date', () =>
    expect(toNewEventPayload(fundAllocated(), '2030-01-01')).toEqual({
      type: 'FundAllocated',
      schemaVersion: 2,
      data: fundAllocated().data,
      occurredOn: '2024-02-01',
    }));

  it('dates an event without a business date on the fallback day', () => {
    const event = { type: 'AlertAcknowledged' as const, data: { by: 'a', note: '' } };
    expect(occurredOnOf(event)).toBeUndefined();
    expect(toNewEventPayload(event, '2030-01-01').occurredOn).toBe('2030-01-01');
  });
});
