import type { StoredEvent } from '@sunshine/event-store';
import { InvalidMessageError, parseKafkaMessage, toKafkaMessage, topicForStream } from './topics';

/** The SPEC §11 events travel on the funds topic and are validated like every other. */

const HASH = 'c'.repeat(64);
const base = {
  schemaVersion: 1,
  streamId: 'fund-F1',
  streamVersion: 3,
  globalPosition: 42,
  occurredOn: '2024-03-15',
  recordedAt: '2024-03-15T08:00:00.000Z',
  actor: { sub: 'u1', role: 'finance' },
  correlationId: 'c1',
  causationId: 'k1',
  prevHash: HASH,
  hash: HASH,
};

const events: [string, Record<string, unknown>][] = [
  ['PaymentBatchSubmitted', { batchId: 'b1', rows: 2, totalFen: 300, paidOn: '2024-03-15',
    channel: '一卡通', contentSha256: HASH, fileSha256: HASH }],
  ['HouseholdPaid', { paymentId: 'b1-2', allocationId: 'a1', householdId: 'h1', amountFen: 100,
    paidOn: '2024-03-15', channel: 'bank', voucherNo: 'v', batchId: 'b1' }],
  ['HouseholdPaymentConfirmed', { paymentId: 'b1-2', batchId: 'b1', allocationId: 'a1',
    amountFen: 100, bankRef: 'R1', settledOn: '2024-03-16' }],
  ['HouseholdPaymentFailed', { paymentId: 'b1-3', batchId: 'b1', allocationId: 'a1',
    amountFen: 200, bankRef: 'R2', settledOn: '2024-03-16', reason: '账户冻结' }],
  ['DisbursementRequested', { disbursementId: 'd1', allocationId: 'a1',
    payee: { type: 'contractor', id: 'c1', name: '建工' }, amountFen: 100_000_000,
    paidOn: '2024-03-15', voucherNo: 'V1', requestedBy: 'maker' }],
  ['DisbursementRejected', { disbursementId: 'd1', allocationId: 'a1', amountFen: 100_000_000,
    rejectedBy: 'checker', reason: '合同未签', rejectedOn: '2024-03-16' }],
];

describe.each(events)('a %s message', (type, data) => {
  const event = { ...base, eventId: `e-${type}`, type, data } as StoredEvent;

  it('goes to the funds topic and round-trips', () => {
    expect(topicForStream(event.streamId)).toBe('sunshine.funds.v1');
    expect(parseKafkaMessage(toKafkaMessage(event))).toEqual(event);
  });

  it('is refused with an unknown field in its data', () => {
    const bad = { ...event, data: { ...data, extra: 1 } };
    expect(() => parseKafkaMessage(toKafkaMessage(bad))).toThrow(InvalidMessageError);
  });
});
