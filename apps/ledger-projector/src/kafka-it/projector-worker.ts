import type { EventConsumer } from '@sunshine/messaging';
import { KafkaFeed } from '@sunshine/messaging';
import { LedgerProjection, openLedgerDataSource } from '@sunshine/ledger';
import { Kafka, logLevel } from 'kafkajs';
import { z } from 'zod';

/**
 * A ledger projector process for the Kafka crash tests: the real LedgerProjection fed by the
 * real KafkaFeed. With HANG_AFTER_BATCHES = n it stops dead after the n-th batch has been
 * committed to PostgreSQL but before its Kafka offset is, and says "hanging": the test kills
 * it there with SIGKILL, the worst moment for double counting.
 */
const env = z
  .object({
    DATABASE_URL: z.string().min(1),
    KAFKA_BROKERS: z.string().min(1),
    LEDGER_SCHEMA: z.string().min(1),
    CONSUMER_NAME: z.string().min(1),
    HANG_AFTER_BATCHES: z.coerce.number().int().nonnegative(),
    HANDLE_BATCH_MAX: z.coerce.number().int().positive(),
    SESSION_TIMEOUT_MS: z.coerce.number().int().positive(),
  })
  .parse(process.env);

async function main(): Promise<void> {
  const dataSource = await openLedgerDataSource(env.DATABASE_URL, env.LEDGER_SCHEMA);
  const projection = new LedgerProjection(dataSource, env.LEDGER_SCHEMA, env.CONSUMER_NAME);
  let batches = 0;
  const consumer: EventConsumer = {
    name: projection.name,
    lastPosition: () => projection.lastPosition(),
    handle: async (events) => {
      await projection.handle(events);
      batches += 1;
      process.stdout.write(`applied ${events.length}\n`);
      if (env.HANG_AFTER_BATCHES > 0 && batches >= env.HANG_AFTER_BATCHES) {
        process.stdout.write('hanging\n');
        await new Promise<never>(() => undefined);
      }
    },
  };
  const kafka = new Kafka({
    clientId: 'projector-worker',
    brokers: env.KAFKA_BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  const feed = new KafkaFeed({
    kafka,
    handleBatchMax: env.HANDLE_BATCH_MAX,
    sessionTimeoutMs: env.SESSION_TIMEOUT_MS,
    onError: (name, error) => process.stderr.write(`projector worker ${name}: ${String(error)}\n`),
  });
  // "starting" comes before the group join, which may wait for the other member to rejoin.
  process.stdout.write('starting\n');
  await feed.start(consumer);
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    void feed
      .stop()
      .then(() => dataSource.destroy())
      .then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`projector worker failed: ${String(error)}\n`);
  process.exit(1);
});
