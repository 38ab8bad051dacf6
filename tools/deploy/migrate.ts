import { PostgresCheckpointStore, PostgresEventStore } from '@sunshine/event-store';

/**
 * The k8s migration Job (`k8s/jobs.yaml`): applies the PostgreSQL event store's migrations when
 * EVENT_STORE=postgres and creates the checkpoint table in DATABASE_URL, before the services
 * roll out. The services run the same idempotent migrations under an advisory lock at start,
 * so this Job makes a rollout faster and its failures visible; it is not required for safety.
 */
async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('DATABASE_URL is required');
  if (process.env.EVENT_STORE === 'postgres') {
    const store = await PostgresEventStore.connect({ connectionString: databaseUrl });
    await store.close();
  }
  const checkpoints = await PostgresCheckpointStore.open(databaseUrl);
  await checkpoints.close();
  process.stdout.write('migrations applied\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`migrations failed: ${String(error)}\n`);
  process.exit(1);
});
