import { KafkaFeed, groupMembershipErrorType } from './kafka-feed';
import { Kafka } from 'kafkajs';

function protocolError(type: string): Error {
  return Object.assign(new Error(`broker said ${type}`), { type });
}

describe('groupMembershipErrorType', () => {
  it.each(['REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP', 'ILLEGAL_GENERATION',
    'UNKNOWN_MEMBER_ID'])('finds %s on the error itself', (type) => {
    expect(groupMembershipErrorType(protocolError(type))).toBe(type);
  });

  it('finds it under the wrappers kafkajs adds when retries run out', () => {
    const wrapped = new Error('retries exceeded', {
      cause: new Error('non retriable', { cause: protocolError('REBALANCE_IN_PROGRESS') }),
    });
    expect(groupMembershipErrorType(wrapped)).toBe('REBALANCE_IN_PROGRESS');
  });

  it('ignores other errors, and causes nested beyond the depth limit', () => {
    expect(groupMembershipErrorType(protocolError('OFFSET_OUT_OF_RANGE'))).toBeUndefined();
    expect(groupMembershipErrorType('REBALANCE_IN_PROGRESS')).toBeUndefined();
    let deep: Error = protocolError('REBALANCE_IN_PROGRESS');
    for (let i = 0; i < 5; i += 1) deep = new Error('wrapper', { cause: deep });
    expect(groupMembershipErrorType(deep)).toBeUndefined();
  });
});

describe('KafkaFeed options', () => {
  const kafka = new Kafka({ brokers: ['127.0.0.1:1'] });

  it.each([0, 501, 2.5])('refuses handleBatchMax %s', (handleBatchMax) => {
    expect(() => new KafkaFeed({ kafka, handleBatchMax })).toThrow(/handleBatchMax/);
  });
});
