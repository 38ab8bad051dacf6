import { z } from 'zod';
import { assertSchemaName, type Queryable } from '../schema';
import { FIRST_KEY, keysetRows } from './paged';

/** A region's projects as of a date, with their stage history, for the exports. */

const fen = z.union([z.string(), z.number()]).transform((value) => BigInt(value));

const projectRow = z.object({
  project_id: z.string(),
  name: z.string(),
  village_code: z.string(),
  village_name: z.string().nullable(),
  kind: z.string(),
  budget_fen: fen,
  registered_on: z.string(),
  status: z.string(),
  stages: z.array(z.object({ stage: z.string(), advancedOn: z.string() })),
});

export interface ExportProject {
  projectId: string;
  name: string;
  villageCode: string;
  villageName: string | null;
  kind: string;
  budgetFen: bigint;
  registeredOn: string;
  /** active, suspended or cancelled: the status now, not as of the date. */
  status: string;
  /** Stages reached by the as-of date, in order; the last is the stage at that date. */
  stages: { stage: string; advancedOn: string }[];
}

export function exportProjects(
  db: Queryable,
  schema: string,
  regionCode: string,
  asOf: string,
): AsyncGenerator<ExportProject> {
  const s = assertSchemaName(schema);
  const page = async (after: string | undefined, limit: number) =>
    z.array(projectRow).parse(
      await db.query(
        `SELECT p.project_id, p.name, p.village_code, r.name AS village_name, p.kind,
           p.budget_fen::text AS budget_fen, p.registered_on, p.status,
           COALESCE(jsonb_agg(jsonb_build_object('stage', st.stage, 'advancedOn', st.advanced_on)
             ORDER BY st.advanced_on, st.global_position)
             FILTER (WHERE st.stage IS NOT NULL), '[]'::jsonb) AS stages
         FROM ${s}.projects p
         LEFT JOIN ${s}.regions r ON r.code = p.village_code
         LEFT JOIN ${s}.project_stages st
           ON st.project_id = p.project_id AND st.advanced_on <= $2
         WHERE p.village_code LIKE $1 || '%' AND p.registered_on <= $2
           AND p.project_id > $3
         GROUP BY p.project_id, r.name ORDER BY p.project_id LIMIT $4`,
        [regionCode, asOf, after ?? FIRST_KEY, limit],
      ),
    ).map(
      (row): ExportProject => ({
        projectId: row.project_id,
        name: row.name,
        villageCode: row.village_code,
        villageName: row.village_name,
        kind: row.kind,
        budgetFen: row.budget_fen,
        registeredOn: row.registered_on,
        status: row.status,
        stages: row.stages,
      }),
    );
  return keysetRows(page, (row) => row.projectId, PROJECT_PAGE_ROWS);
}

/** Projects carry their stage lists, so their pages are smaller. */
export const PROJECT_PAGE_ROWS = 1_000;

/** The stage a project is in at the as-of date (a new project is in `survey`). */
export function currentStage(project: ExportProject): string {
  return project.stages[project.stages.length - 1]?.stage ?? 'survey';
}

export async function countProjects(
  db: Queryable,
  schema: string,
  regionCode: string,
  asOf: string,
): Promise<number> {
  const s = assertSchemaName(schema);
  const [row] = z.array(z.object({ count: z.coerce.number().int() })).parse(
    await db.query(
      `SELECT count(*) AS count FROM ${s}.projects
       WHERE village_code LIKE $1 || '%' AND registered_on <= $2`,
      [regionCode, asOf],
    ),
  );
  return row?.count ?? 0;
}
