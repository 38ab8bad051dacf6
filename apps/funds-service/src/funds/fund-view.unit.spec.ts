import type { StoredEvent } from '@sunshine/event-store';
import { toEventItem } from './fund-view';

const stored = (data: Record<string, unknown>): StoredEvent => ({
  eventId: 'e-1',
  type: 'HouseholdRegistered',
  schemaVersion: 1,
  streamId: 'household-h',
  streamVersion: 1,
  globalPosition: 7,
  occurredOn: '2024-01-01',
  recordedAt: '2024-01-01T00:00:00.000Z',
  actor: { sub: 'u', role: 'registrar' },
  correlationId: 'c',
  causationId: 'c',
  prevHash: '0'.repeat(64),
  hash: 'f'.repeat(64),
  data,
});

describe('toEventItem', () => {
  it('drops id numbers at any depth and keeps everything else', () => {
    const item = toEventItem(
      stored({
        headName: '王小华',
        idNumber: '32082619800101123X',
        nested: [{ idNumber: 'x', a: 1 }],
      }),
    );
    expect(item.data).toEqual({ headName: '王小华', nested: [{ a: 1 }] });
    expect(item.globalPosition).toBe(7);
    expect(JSON.stringify(item)).not.toContain('32082619800101123X');
  });
});
