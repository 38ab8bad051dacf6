import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Fresh databases on the benchmark's server, dropped at the end unless asked to keep. */

export interface BenchDatabase {
  name: string;
  url: string;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createDatabase(serverUrl: string, purpose: string): Promise<BenchDatabase> {
  const name = `sunshine_bench_${purpose}_${randomBytes(4).toString('hex')}`;
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  return { name, url: withDatabase(serverUrl, name) };
}

export async function dropDatabase(serverUrl: string, database: BenchDatabase): Promise<void> {
  await onServer(serverUrl, `DROP DATABASE IF EXISTS ${database.name} WITH (FORCE)`);
}

/** The server's fsync setting, printed with the results (the budgets assume fsync on). */
export async function fsyncSetting(serverUrl: string): Promise<string> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const result = await client.query<{ fsync: string }>('SHOW fsync');
    return result.rows[0]?.fsync ?? 'unknown';
  } finally {
    await client.end();
  }
}
