import { fundReceived } from '@sunshine/domain/testing';
import type { StoredEvent } from '@sunshine/event-store';
import {
  ALL_TOPICS,
  InvalidMessageError,
  MESSAGE_VALUE_BYTES_MAX,
  parseKafkaMessage,
  toKafkaMessage,
  topicForStream,
} from './topics';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

function storedEvent(overrides: Partial<StoredEvent> = {}): StoredEvent {
  return {
    eventId: 'e-1',
    type: 'FundReceived',
    schemaVersion: 1,
    streamId: 'fund-F1',
    streamVersion: 3,
    globalPosition: 42,
    occurredOn: '2024-03-15',
    recordedAt: '2024-03-15T08:00:00.000Z',
    actor: { sub: 'u1', role: 'finance' },
    correlationId: 'c1',
    causationId: 'k1',
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    prevHash: HASH_A,
    hash: HASH_B,
    data: fundReceived({ amountFen: 1_000_000, name: '产业扶贫资金' }).data,
    ...overrides,
  };
}

describe('topicForStream', () => {
  it.each([
    ['fund-F1', 'sunshine.funds.v1'],
    ['household-H-2', 'sunshine.households.v1'],
    ['project-P_3', 'sunshine.projects.v1'],
    ['alert-A1', 'sunshine.alerts.v1'],
    ['region-320826', 'sunshine.regions.v1'],
    ['report-report-0a1b', 'sunshine.reports.v1'],
    ['helper-hp-1', 'sunshine.helpers.v1'],
  ])('routes %s to %s', (streamId, topic) => {
    expect(topicForStream(streamId)).toBe(topic);
  });

  it.each(['funds-F1', 'fund', '-F1', 'ledger-1', ''])('refuses the stream id "%s"', (id) => {
    expect(() => topicForStream(id)).toThrow(/no Kafka topic/);
  });

  it('lists the five topics of SPEC §8, the public reports of §12 and the helpers of §13', () => {
    expect([...ALL_TOPICS].sort()).toEqual([
      'sunshine.alerts.v1',
      'sunshine.funds.v1',
      'sunshine.helpers.v1',
      'sunshine.households.v1',
      'sunshine.projects.v1',
      'sunshine.regions.v1',
      'sunshine.reports.v1',
    ]);
  });
});

describe('a message built from a stored event', () => {
  it('is keyed by stream and carries type, schema version and traceparent headers', () => {
    const message = toKafkaMessage(storedEvent());
    expect(message.key).toBe('fund-F1');
    expect(message.headers).toEqual({
      'event-type': 'FundReceived',
      'schema-version': '1',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
  });

  it('omits the traceparent header when the event has none', () => {
    const message = toKafkaMessage(storedEvent({ traceparent: undefined }));
    expect(Object.keys(message.headers).sort()).toEqual(['event-type', 'schema-version']);
  });

  it('parses back into the same event from Buffers, as kafkajs delivers it', () => {
    const event = storedEvent({ idempotencyKey: 'idem-1' });
    const message = toKafkaMessage(event);
    const parsed = parseKafkaMessage({
      key: Buffer.from(message.key),
      value: Buffer.from(message.value),
      headers: { 'event-type': Buffer.from(message.headers['event-type']!) },
    });
    expect(parsed).toEqual(event);
  });

  it('names the position relayed before it, which the consumer reads back', () => {
    const event = storedEvent();
    const message = toKafkaMessage(event, undefined, event.globalPosition - 1);
    const incoming = (previous: string) => ({ key: Buffer.from(message.key),
      value: Buffer.from(message.value), headers: { 'previous-position': Buffer.from(previous) } });
    expect(parseKafkaMessage(incoming(String(event.globalPosition - 1))).relayedAfter)
      .toBe(event.globalPosition - 1);
    // A header that cannot be a predecessor is ignored, not trusted.
    expect(parseKafkaMessage(incoming(String(event.globalPosition))).relayedAfter)
      .toBeUndefined();
    expect(parseKafkaMessage(incoming('x')).relayedAfter).toBeUndefined();
  });

  it('refuses an event larger than the message limit', () => {
    const big = storedEvent({ data: { blob: 'x'.repeat(MESSAGE_VALUE_BYTES_MAX) } });
    expect(() => toKafkaMessage(big)).toThrow(/exceeds/);
  });
});

describe('parseKafkaMessage refuses', () => {
  const valid = toKafkaMessage(storedEvent());

  it('a message without a value', () => {
    expect(() => parseKafkaMessage({ key: valid.key, value: null })).toThrow(InvalidMessageError);
  });

  it('a known event whose data fails its schema (money as a float)', () => {
    const bad = storedEvent({ data: { ...storedEvent().data, amountFen: 12.5 } });
    expect(() => parseKafkaMessage(toKafkaMessage(bad))).toThrow(/not a valid FundReceived/);
  });

  it('a value that is not JSON', () => {
    expect(() => parseKafkaMessage({ key: valid.key, value: '{' })).toThrow(/not JSON/);
  });

  it('a value missing metadata', () => {
    const value = JSON.stringify({ ...storedEvent(), hash: undefined });
    expect(() => parseKafkaMessage({ key: valid.key, value })).toThrow(/not a stored event/);
  });

  it('money or versions of the wrong type', () => {
    const value = JSON.stringify({ ...storedEvent(), streamVersion: '3' });
    expect(() => parseKafkaMessage({ key: valid.key, value })).toThrow(/not a stored event/);
  });

  it('a key that names another stream', () => {
    expect(() => parseKafkaMessage({ key: 'fund-F2', value: valid.value })).toThrow(/key/);
  });

  it('an event-type header that contradicts the value', () => {
    const headers = { 'event-type': 'FundAllocated' };
    expect(() => parseKafkaMessage({ key: valid.key, value: valid.value, headers })).toThrow(
      /header event-type/,
    );
  });
});
