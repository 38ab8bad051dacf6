import type { StoredEvent } from '@sunshine/event-store';
import { parseLedgerEvent } from './index';

const stored = (type: string, schemaVersion: number, data: Record<string, unknown>) =>
  ({ type, schemaVersion, data }) as StoredEvent;

describe('parseLedgerEvent', () => {
  it('upcasts a version 1 allocation to one with a village target', () => {
    const event = parseLedgerEvent(
      stored('FundAllocated', 1, {
        allocationId: 'a1',
        villageCode: '320826100201',
        amountFen: 100,
        allocatedOn: '2024-02-01',
      }),
    );
    expect(event).toEqual({
      type: 'FundAllocated',
      data: expect.objectContaining({ target: { type: 'village', id: '320826100201' } }),
    });
  });

  it('passes over a type it does not know and refuses a version newer than it knows', () => {
    expect(parseLedgerEvent(stored('SomethingNew', 1, {}))).toBeUndefined();
    expect(() => parseLedgerEvent(stored('HouseholdPaid', 9, { amountFen: 1 }))).toThrow();
  });
});
