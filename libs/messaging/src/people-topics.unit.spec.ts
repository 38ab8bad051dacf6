import type { StoredEvent } from '@sunshine/event-store';
import { parseKafkaMessage, toKafkaMessage, topicForStream } from './topics';

/** The Kafka edge validates the SPEC §13 events like every other known type. */

const HASH = 'c'.repeat(64);

function stored(type: string, streamId: string, data: Record<string, unknown>): StoredEvent {
  return {
    eventId: 'e-7',
    type,
    schemaVersion: 1,
    streamId,
    streamVersion: 2,
    globalPosition: 7,
    occurredOn: '2024-03-15',
    recordedAt: '2024-03-15T08:00:00.000Z',
    actor: { sub: 'u1', role: 'registrar' },
    correlationId: 'c1',
    causationId: 'k1',
    prevHash: HASH,
    hash: HASH,
    data,
  };
}

const helper = { name: '张伟', unit: '县财政局', villageCodes: ['320826100201'] };
const visit = { helperId: 'hp1', visitedOn: '2024-03-15', evidence: [] };
const asset = {
  assetId: 'as-1', name: '光伏板', kind: 'operating', valueFen: 3_000_000,
  ownerVillageCode: '320826100201', acquiredOn: '2024-06-01',
};

describe('SPEC §13 events over Kafka', () => {
  it('puts helper streams on sunshine.helpers.v1 and visits on the household topic', () => {
    expect(topicForStream('helper-hp1')).toBe('sunshine.helpers.v1');
    expect(topicForStream('household-h1')).toBe('sunshine.households.v1');
  });

  it.each([
    ['HelperRegistered', 'helper-hp1', helper],
    ['HouseholdHelperAssigned', 'household-h1', { helperId: 'hp1', since: '2024-01-10' }],
    ['HouseholdVisited', 'household-h1', visit],
    ['ProjectAssetRegistered', 'project-pr1', asset],
  ])('passes a valid %s', (type, streamId, data) => {
    const event = stored(type, streamId, data);
    expect(parseKafkaMessage(toKafkaMessage(event))).toEqual(event);
  });

  it.each([
    ['HelperRegistered', 'helper-hp1', { ...helper, villageCodes: [] }],
    ['HouseholdHelperAssigned', 'household-h1', { helperId: 'hp 1', since: '2024-01-10' }],
    ['HouseholdVisited', 'household-h1', { ...visit, visitedOn: '2024-02-30' }],
    ['ProjectAssetRegistered', 'project-pr1', { ...asset, kind: 'private' }],
    ['ProjectAssetRegistered', 'project-pr1', { ...asset, valueFen: 10.5 }],
  ])('refuses a %s whose data fails its schema', (type, streamId, data) => {
    const message = toKafkaMessage(stored(type, streamId, data));
    expect(() => parseKafkaMessage(message)).toThrow(new RegExp(`not a valid ${type}`));
  });
});
