import { z } from 'zod';
import type { DataSource } from 'typeorm';
import type { StoredEvent } from '@sunshine/event-store';
import {
  EventProcessor,
  readPosition,
  type EventConsumer,
  type ProcessorTables,
} from '@sunshine/messaging';
import { isAlertEvent, projectAlertEvents } from './alert-counts';
import type { Lookups, ParsedEvent } from './batch-model';
import { parseLedgerEvent } from './parse';
import { projectPeople, writePeople } from './people-projection';
import { projectBatch } from './project-batch';
import { analyzeStaleTables, assertSchemaName, type Queryable } from './schema';
import { writeSet } from './write-set';

export const LEDGER_CONSUMER_NAME = 'ledger-projector';
/** Events applied per round of statements; a larger delivery is split inside one transaction. */
export const PROJECTION_CHUNK_MAX = 1000;

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

/** Projects events none of which took effect before, inside the processor's transaction. */
async function projectEvents(db: Queryable, schema: string, events: StoredEvent[]) {
  await projectAlertEvents(db, schema, events.filter(isAlertEvent));
  const parsed: ParsedEvent[] = [];
  for (const stored of events) {
    if (isAlertEvent(stored)) continue;
    const event = parseLedgerEvent(stored);
    if (event) parsed.push({ stored, event });
  }
  const lookups = await loadLookups(db, schema, parsed);
  await writeSet(db, schema, projectBatch(parsed, lookups));
  await writePeople(db, schema, projectPeople(parsed));
}

/** Where the processor keeps the ledger's applied versions and checkpoint. */
export function ledgerProcessorTables(schema: string): ProcessorTables {
  const s = assertSchemaName(schema);
  return { applied: `${s}.projection_streams`, checkpoint: `${s}.projection_checkpoint`,
    pending: `${s}.projection_pending` };
}

export async function readCheckpoint(db: Queryable, schema: string, name: string) {
  return readPosition(db, ledgerProcessorTables(schema), name);
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
  private readonly processor: EventProcessor;

  constructor(
    private readonly dataSource: DataSource,
    readonly schema: string,
    readonly name: string = LEDGER_CONSUMER_NAME,
  ) {
    assertSchemaName(schema);
    this.processor = new EventProcessor({
      name,
      tables: ledgerProcessorTables(schema),
      transaction: (work) => dataSource.transaction((manager) => work(manager)),
      handler: { handle: (db, events) => projectEvents(db, schema, events) },
      chunkMax: PROJECTION_CHUNK_MAX,
      beforeDelivery: () => this.keepStatistics(),
    });
  }

  handle(events: StoredEvent[]): Promise<void> {
    return this.processor.handle(events);
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
    return this.processor.lastPosition();
  }
}
