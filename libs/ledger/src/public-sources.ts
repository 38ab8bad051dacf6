import { z } from 'zod';
import { toSafeNumber } from './metrics';
import type { Queryable } from './schema';

/** Funds named on one village's public page at most; a village draws on a few dozen. */
export const PUBLIC_SOURCES_MAX = 200;

export interface VillageSource {
  fundId: string;
  fundName: string;
  category: string;
  department: string;
  level: string;
  fiscalYear: number;
  allocatedFen: number;
}

const sourceRow = z.object({
  fund_id: z.string(),
  name: z.string(),
  category: z.string(),
  department: z.string(),
  level: z.string(),
  fiscal_year: z.coerce.number().int(),
  allocated_fen: z.union([z.string(), z.number()]).transform((v) => toSafeNumber(BigInt(v))),
});

/**
 * Where a village's money came from (资金来源): each fund that allocated into the village by
 * `asOf`, with its public particulars and the sum it allocated there. Funds are public;
 * nothing here names a person.
 */
export async function villageSources(
  db: Queryable,
  s: string,
  villageCode: string,
  asOf: string,
): Promise<VillageSource[]> {
  const rows = z.array(sourceRow).parse(
    await db.query(
      `SELECT f.fund_id, f.name, f.category, f.department, f.level, f.fiscal_year,
         SUM(a.amount_fen)::text AS allocated_fen
       FROM ${s}.allocations a JOIN ${s}.funds f ON f.fund_id = a.fund_id
       WHERE a.village_code = $1 AND a.allocated_on <= $2
       GROUP BY f.fund_id ORDER BY SUM(a.amount_fen) DESC, f.fund_id LIMIT $3`,
      [villageCode, asOf, PUBLIC_SOURCES_MAX],
    ),
  );
  return rows.map((row) => ({
    fundId: row.fund_id,
    fundName: row.name,
    category: row.category,
    department: row.department,
    level: row.level,
    fiscalYear: row.fiscal_year,
    allocatedFen: row.allocated_fen,
  }));
}
