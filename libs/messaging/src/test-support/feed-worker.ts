import { KafkaFeed } from '../kafka-feed';
import { z } from 'zod';
import { newKafka } from './harness';
import { PgAppliedConsumer } from './pg-applied-consumer';

/**
 * A consumer process for crash tests: feeds a PgAppliedConsumer from Kafka until it is
 * killed. Prints "ready" once it has joined its group.
 */
const env = z
  .object({
    DATABASE_URL: z.string().min(1),
    KAFKA_BROKERS: z.string().min(1),
    CONSUMER_NAME: z.string().min(1),
    HANDLE_DELAY_MS: z.coerce.number().int().nonnegative(),
    SESSION_TIMEOUT_MS: z.coerce.number().int().positive(),
  })
  .parse(process.env);

async function main(): Promise<void> {
  const consumer = new PgAppliedConsumer(env.CONSUMER_NAME, env.DATABASE_URL, env.HANDLE_DELAY_MS);
  const feed = new KafkaFeed({
    kafka: newKafka(env.KAFKA_BROKERS.split(','), 'feed-worker'),
    handleBatchMax: 3,
    sessionTimeoutMs: env.SESSION_TIMEOUT_MS,
  });
  await feed.start(consumer);
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`feed worker failed: ${String(error)}\n`);
  process.exit(1);
});
