import { Partitioners, type Kafka, type Producer } from 'kafkajs';

export interface RelayProducerOptions {
  /** Ask for an idempotent producer (no duplicates from producer retries); default true. */
  idempotent?: boolean;
  onFallback?: (error: unknown) => void;
}

/**
 * A connected producer for the relay. One request in flight keeps each partition in send
 * order even when a request is retried. When the cluster refuses an idempotent producer
 * (InitProducerId unsupported), the relay still works at least once without it: the producer
 * is recreated plain and the caller is told why.
 */
export async function createRelayProducer(
  kafka: Kafka,
  options: RelayProducerOptions = {},
): Promise<Producer> {
  const idempotent = options.idempotent ?? true;
  const producer = buildProducer(kafka, idempotent);
  try {
    await producer.connect();
    return producer;
  } catch (error) {
    await producer.disconnect().catch(() => undefined);
    if (!idempotent) throw error;
    options.onFallback?.(error);
    const plain = buildProducer(kafka, false);
    await plain.connect();
    return plain;
  }
}

function buildProducer(kafka: Kafka, idempotent: boolean): Producer {
  return kafka.producer({
    idempotent,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: true,
    // The Java client's murmur2 partitioner, so other clients place a stream's key alike.
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}
