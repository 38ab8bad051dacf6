import { Kafka, logLevel } from 'kafkajs';
import { startMockKafka } from './mock-kafka';

// Jest reads testTimeout only at the top level, not per tier project, so each suite sets it.
jest.setTimeout(60_000);

describe('startMockKafka', () => {
  it('serves the Kafka protocol with topics of the chosen partition count', async () => {
    const cluster = await startMockKafka({ topics: ['t.six', 't.two'], partitions: 6 });
    const kafka = new Kafka({ brokers: cluster.brokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    try {
      await admin.connect();
      const metadata = await admin.fetchTopicMetadata({ topics: ['t.six'] });
      expect(metadata.topics[0]?.partitions).toHaveLength(6);
      const producer = kafka.producer();
      await producer.connect();
      const [sent] = await producer.send({
        topic: 't.two',
        messages: [{ key: 'k', value: 'v' }],
        acks: -1,
      });
      await producer.disconnect();
      expect(sent?.errorCode).toBe(0);
      if (cluster.source === 'mock') {
        expect(cluster.brokers).toHaveLength(3);
        expect(cluster.topics).toEqual({ 't.six': 6, 't.two': 6 });
      }
    } finally {
      await admin.disconnect();
      await cluster.stop();
    }
  });

  it('stops the cluster: its brokers refuse connections afterwards', async () => {
    if (process.env.KAFKA_BROKERS) return;
    const cluster = await startMockKafka();
    await cluster.stop();
    const kafka = new Kafka({
      brokers: cluster.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 0 },
      connectionTimeout: 500,
    });
    const admin = kafka.admin();
    await expect(admin.connect()).rejects.toThrow();
  });
});
