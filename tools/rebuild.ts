/**
 * `npm run rebuild`: replays the whole event store into a fresh read-model schema, swaps it
 * in for the live one in one transaction, and prints the rate in events per second.
 *
 * Runs against `DATABASE_URL` (EVENT_STORE=postgres), or against the embedded store under
 * `SUNSHINE_DATA_DIR` (the default) — stop `npm start` first there, because one process at a
 * time may open the embedded data directory. The live schema is `LEDGER_SCHEMA` (`ledger`).
 */
import { SingleBar, Presets } from 'cli-progress';
import { PostgresEventStore, startEmbeddedPostgres } from '@sunshine/event-store';
import {
  LEDGER_SCHEMA_DEFAULT,
  assertSchemaName,
  openLedgerDataSource,
  rebuildReadModels,
} from '@sunshine/ledger';
import { loadConfig } from '@sunshine/platform';

async function openDatabase(): Promise<{ url: string; kind: string; stop: () => Promise<void> }> {
  const config = loadConfig(process.env);
  if (config.eventStore === 'embedded') {
    const server = await startEmbeddedPostgres({ dataDir: config.dataDir });
    return { url: server.url, kind: 'embedded', stop: server.stop };
  }
  if (config.eventStore === 'esdb' || !config.databaseUrl) {
    throw new Error('rebuild reads the PostgreSQL or embedded event store: set EVENT_STORE');
  }
  return { url: config.databaseUrl, kind: 'postgres', stop: async () => undefined };
}

async function main(): Promise<void> {
  const liveSchema = assertSchemaName(process.env.LEDGER_SCHEMA ?? LEDGER_SCHEMA_DEFAULT);
  const database = await openDatabase();
  const store = await PostgresEventStore.connect({
    connectionString: database.url,
    kind: database.kind,
    poolSizeMax: 2,
  });
  const dataSource = await openLedgerDataSource(database.url);
  const bar = new SingleBar(
    { format: 'rebuild |{bar}| {percentage}% | position {value}/{total} | {events} events' },
    Presets.shades_classic,
  );
  try {
    bar.start(Math.max(await store.headPosition(), 1), 0, { events: 0 });
    const result = await rebuildReadModels({
      store,
      dataSource,
      liveSchema,
      onProgress: ({ events, position }) => bar.update(position, { events }),
    });
    bar.stop();
    const seconds = (result.elapsedMs / 1000).toFixed(2);
    console.log(
      `rebuilt ${liveSchema}: ${result.events} events in ${seconds} s, ` +
        `${result.eventsPerSecond} events/second (position ${result.position})`,
    );
  } finally {
    bar.stop();
    await dataSource.destroy();
    await store.close();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
