import type { QueryResultRow } from 'pg';

/** Anything that runs a query: a pool or a client inside a transaction. */
export interface Queryable {
  query<Row extends QueryResultRow = QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<{ rows: Row[]; rowCount: number | null }>;
}

/** PostgreSQL returns bigint as text; every amount fits a safe integer (SPEC §3). */
export function fen(value: string | number | null): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`not a safe integer amount: ${String(value)}`);
  return n;
}

export function optionalFen(value: string | number | null): number | undefined {
  return value === null ? undefined : fen(value);
}

export function optionalText(value: string | null): string | undefined {
  return value === null ? undefined : value;
}
