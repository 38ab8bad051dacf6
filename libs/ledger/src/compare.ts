import { z } from 'zod';
import { READ_MODEL_TABLES, assertSchemaName, type Queryable, type ReadModelTable } from './schema';

/** Rows reported per table and direction when two read models differ. */
export const COMPARE_SAMPLE_MAX = 5;

export interface TableDifference {
  table: ReadModelTable;
  onlyInA: unknown[];
  onlyInB: unknown[];
}

export interface ReadModelComparison {
  equal: boolean;
  rowCounts: Record<string, [number, number]>;
  differences: TableDifference[];
}

const countRow = z.object({ a: z.coerce.number().int(), b: z.coerce.number().int() });
const sampleRow = z.object({ row: z.unknown() });

async function onlyIn(db: Queryable, from: string, other: string, table: string) {
  const rows = z.array(sampleRow).parse(
    await db.query(
      `SELECT to_jsonb(d) AS row FROM (
         SELECT * FROM ${from}.${table} EXCEPT ALL SELECT * FROM ${other}.${table}) d
       LIMIT ${COMPARE_SAMPLE_MAX}`,
    ),
  );
  return rows.map((r) => r.row);
}

/**
 * Compares two read-model schemas table by table, row for row (as multisets), so a test can
 * prove that a rebuild from scratch equals the incrementally projected model.
 */
export async function compareReadModels(
  db: Queryable,
  schemaA: string,
  schemaB: string,
  tables: readonly ReadModelTable[] = READ_MODEL_TABLES,
): Promise<ReadModelComparison> {
  const a = assertSchemaName(schemaA);
  const b = assertSchemaName(schemaB);
  const rowCounts: ReadModelComparison['rowCounts'] = {};
  const differences: TableDifference[] = [];
  for (const table of tables) {
    const [counts] = z.array(countRow).parse(
      await db.query(
        `SELECT (SELECT count(*) FROM ${a}.${table}) AS a,
                (SELECT count(*) FROM ${b}.${table}) AS b`,
      ),
    );
    rowCounts[table] = [counts?.a ?? 0, counts?.b ?? 0];
    const onlyInA = await onlyIn(db, a, b, table);
    const onlyInB = await onlyIn(db, b, a, table);
    if (onlyInA.length > 0 || onlyInB.length > 0) differences.push({ table, onlyInA, onlyInB });
  }
  return { equal: differences.length === 0, rowCounts, differences };
}
