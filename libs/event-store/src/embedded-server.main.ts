import { startEmbeddedPostgres } from './embedded';

/**
 * Runs the embedded PostgreSQL as its own process: `tsx embedded-server.main.ts <dataDir>`.
 * It prints one JSON line `{"url": ...}` when ready and stops cleanly on SIGTERM, SIGINT or
 * when its stdin closes (the parent went away). Jest's module sandbox cannot load PGlite
 * (PGlite uses dynamic `import()`), so the integration tests start the server this way.
 */
async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: embedded-server.main.ts <dataDir>');
  const server = await startEmbeddedPostgres({ dataDir });
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  process.stdin.on('end', () => void stop());
  process.stdin.resume();
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
