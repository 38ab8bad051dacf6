/**
 * Exports read big result sets page by page with keyset pagination: every page is a short
 * query that starts after the last key of the page before, so no connection is held while
 * a slow client downloads, and no page costs more than the one before it.
 */

/** Rows per page: large enough to amortise a round trip, small enough to stay in memory. */
export const EXPORT_PAGE_ROWS = 5_000;

/**
 * The key before every id: ids are never empty, and the empty string sorts first in any
 * collation. A first page asks for keys after it rather than for `$1 IS NULL OR key > $1`,
 * which the planner cannot turn into an index bound, so every page would scan from the
 * start.
 */
export const FIRST_KEY = '';

export async function* keysetRows<Row, Key>(
  fetchPage: (after: Key | undefined, limit: number) => Promise<Row[]>,
  keyOf: (row: Row) => Key,
  pageRows: number = EXPORT_PAGE_ROWS,
): AsyncGenerator<Row> {
  if (!Number.isInteger(pageRows) || pageRows < 1) throw new Error(`bad page size ${pageRows}`);
  let after: Key | undefined;
  for (;;) {
    const rows = await fetchPage(after, pageRows);
    yield* rows;
    const last = rows[rows.length - 1];
    if (rows.length < pageRows || last === undefined) return;
    after = keyOf(last);
  }
}
