/**
 * CSV text built by PostgreSQL, for the one resource with a row per payment: formatting a
 * county's two million payments in SQL costs the server little and spares the process two
 * million row objects. Each helper renders exactly what its TypeScript twin in `csv.ts` and
 * `money-text.ts` renders (an int test compares them on awkward values).
 */

/** A CSV field from a text expression, quoted only when it must be (as `csvField`). */
export function csvFieldSql(expr: string): string {
  return `(CASE WHEN ${expr} IS NULL THEN '' WHEN strpos(${expr}, '"') > 0
    OR strpos(${expr}, ',') > 0 OR strpos(${expr}, chr(10)) > 0 OR strpos(${expr}, chr(13)) > 0
    THEN '"' || replace(${expr}, '"', '""') || '"' ELSE ${expr} END)`;
}

/** Yuan with two decimals from a bigint fen expression (as `fenToYuanText`). */
export function yuanSql(expr: string): string {
  return `(CASE WHEN ${expr} < 0 THEN '-' ELSE '' END || (abs(${expr}) / 100)::text || '.' ||
    lpad((abs(${expr}) % 100)::text, 2, '0'))`;
}
