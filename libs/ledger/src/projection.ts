import { z } from 'zod';
import type { DataSource } from 'typeorm';
import type { StoredEvent } from '@sunshine/event-store';
import type { EventConsumer } from '@sunshine/messaging';
import type { Lookups, ParsedEvent } from './batch-model';
import { parseLedgerEvent } from './parse';
import { projectPeople, writePeople } from './people-projection';
import { projectBatch } from './project-batch';
import { analyzeStaleTables, assertSchemaName, type Queryable } from './schema';
import { writeSet } from './write-set';

export const LEDGER_CONSUMER_NAME = 'ledger-projector';
/** Events applied per round of statements; a larger delivery is split inside one transaction. */
export const PROJECTION_CHUNK_MAX = 1000;

const versionRow = z.object({ stream_id: z.string(), version: z.coerce.number().int() });
const keyRow = z.object({ id: z.string(), village_code: z.string() });
const householdRow = z.object({
  id: z.string(),
  village_code: z.string(),
  status: z.enum(['in_poverty', 'exited', 'deregistered']),
});
const fundRow = z.object({
  fund_id: z.string(),
  category: z.string(),
  fiscal_year: z.coerce.number().int(),
  county_code: z.string(),
});
const positionRow = z.object({ position: z.coerce.number().int() });

/**
 * Locks and reads the applied version of every stream in the chunk. Streams seen for the
 * first time get a row at version 0 first, so that two consumers handling the same stream
 * serialise on the row lock instead of both applying its events.
 */
async function appliedVersions(db: Queryable, s: string, streamIds: string[]) {
  await db.query(
    `INSERT INTO ${s}.projection_streams (stream_id, version)
     SELECT unnest($1::text[]), 0 ON CONFLICT DO NOTHING`,
    [streamIds],
  );
  const rows = z.array(versionRow).parse(
    await db.query(
      `SELECT stream_id, version FROM ${s}.projection_streams
       WHERE stream_id = ANY($1::text[]) ORDER BY stream_id FOR UPDATE`,
      [streamIds],
    ),
  );
  return new Map(rows.map((row) => [row.stream_id, row.version]));
}

/** Keeps each (stream, version) once and only above what was applied before. */
function freshEvents(events: StoredEvent[], versions: Map<string, number>): StoredEvent[] {
  const fresh: StoredEvent[] = [];
  for (const event of events) {
    const applied = versions.get(event.streamId) ?? 0;
    if (event.streamVersion <= applied) continue;
    versions.set(event.streamId, event.streamVersion);
    fresh.push(event);
  }
  return fresh;
}

async function loadLookups(db: Queryable, s: string, events: ParsedEvent[]): Promise<Lookups> {
  const fundIds = new Set<string>();
  const households = new Set<string>();
  const projects = new Set<string>();
  for (const { stored, event } of events) {
    const [family, ...rest] = stored.streamId.split('-');
    const id = rest.join('-');
    if (family === 'fund') fundIds.add(id);
    if (family === 'household') households.add(id);
    if (family === 'project') projects.add(id);
    if (event.type === 'HouseholdPaid') households.add(event.data.householdId);
  }
  const funds = z.array(fundRow).parse(
    await db.query(
      `SELECT fund_id, category, fiscal_year, county_code FROM ${s}.funds
       WHERE fund_id = ANY($1::text[])`,
      [[...fundIds]],
    ),
  );
  const allocations = z.array(keyRow).parse(
    await db.query(
      `SELECT fund_id || '/' || allocation_id AS id, village_code FROM ${s}.allocations
       WHERE fund_id = ANY($1::text[])`,
      [[...fundIds]],
    ),
  );
  const villagesOf = async (table: string, key: string, ids: Set<string>) =>
    z.array(keyRow).parse(
      await db.query(
        `SELECT ${key} AS id, village_code FROM ${s}.${table} WHERE ${key} = ANY($1::text[])`,
        [[...ids]],
      ),
    );
  const toMap = (rows: z.infer<typeof keyRow>[]) =>
    new Map(rows.map((row) => [row.id, row.village_code]));
  const knownHouseholds = z.array(householdRow).parse(
    await db.query(
      `SELECT household_id AS id, village_code, status FROM ${s}.households
       WHERE household_id = ANY($1::text[])`,
      [[...households]],
    ),
  );
  return {
    funds: new Map(
      funds.map((f) => [
        f.fund_id,
        { category: f.category, fiscalYear: f.fiscal_year, countyCode: f.county_code },
      ]),
    ),
    allocations: toMap(allocations),
    households: toMap(knownHouseholds),
    householdStatus: new Map(knownHouseholds.map((row) => [row.id, row.status])),
    projects: toMap(await villagesOf('projects', 'project_id', projects)),
  };
}

/** Applies one chunk inside the caller's transaction. Returns how many events took effect. */
export async function applyChunk(
  db: Queryable,
  schema: string,
  name: string,
  events: StoredEvent[],
): Promise<number> {
  const s = assertSchemaName(schema);
  const streamIds = [...new Set(events.map((event) => event.streamId))];
  const versions = await appliedVersions(db, s, streamIds);
  const fresh = freshEvents(events, versions);
  const parsed: ParsedEvent[] = [];
  for (const stored of fresh) {
    const event = parseLedgerEvent(stored);
    if (event) parsed.push({ stored, event });
  }
  const lookups = await loadLookups(db, s, parsed);
  await writeSet(db, s, projectBatch(parsed, lookups));
  await writePeople(db, s, projectPeople(parsed));
  const bumped = [...versions].map(([stream_id, version]) => ({ stream_id, version }));
  await db.query(
    `UPDATE ${s}.projection_streams AS t SET version = x.version
     FROM jsonb_to_recordset($1::jsonb) AS x(stream_id text, version integer)
     WHERE t.stream_id = x.stream_id AND x.version > t.version`,
    [JSON.stringify(bumped)],
  );
  const position = Math.max(...events.map((event) => event.globalPosition));
  await db.query(
    `INSERT INTO ${s}.projection_checkpoint (name, position) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE
     SET position = GREATEST(${s}.projection_checkpoint.position, excluded.position)`,
    [name, position],
  );
  return fresh.length;
}

export async function readCheckpoint(db: Queryable, schema: string, name: string) {
  const s = assertSchemaName(schema);
  const rows = z
    .array(positionRow)
    .parse(
      await db.query(`SELECT position FROM ${s}.projection_checkpoint WHERE name = $1`, [name]),
    );
  return rows[0]?.position ?? 0;
}

/** How often the projection checks its tables' planner statistics. */
export const STATISTICS_CHECK_MS = 10_000;

/**
 * The ledger projection as an `EventConsumer`: the in-process feed and the Kafka feed both
 * drive it. Every delivery is applied in one transaction together with the per-stream
 * versions and the checkpoint, so a redelivery or a crash mid-batch never double-counts.
 */
export class LedgerProjection implements EventConsumer {
  private statisticsCheckedAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    readonly schema: string,
    readonly name: string = LEDGER_CONSUMER_NAME,
  ) {
    assertSchemaName(schema);
  }

  async handle(events: StoredEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.keepStatistics();
    await this.dataSource.transaction(async (manager) => {
      for (let start = 0; start < events.length; start += PROJECTION_CHUNK_MAX) {
        const chunk = events.slice(start, start + PROJECTION_CHUNK_MAX);
        await applyChunk(manager, this.schema, this.name, chunk);
      }
    });
  }

  /**
   * A live projection grows its tables by thousands of rows a minute (a catch-up by
   * hundreds of thousands): where autovacuum is off or late, the queries would be planned for
   * the tables as they were at start-up. Analyses the stale ones every STATISTICS_CHECK_MS.
   */
  private async keepStatistics(): Promise<void> {
    if (Date.now() - this.statisticsCheckedAt < STATISTICS_CHECK_MS) return;
    this.statisticsCheckedAt = Date.now();
    await analyzeStaleTables(this.dataSource, this.schema);
  }

  lastPosition(): Promise<number> {
    return readCheckpoint(this.dataSource, this.schema, this.name);
  }
}
