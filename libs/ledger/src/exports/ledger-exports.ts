import type { Writable } from 'node:stream';
import { z } from 'zod';
import { DomainError } from '@sunshine/domain';
import { assertSchemaName, type Queryable } from '../schema';
import type { RegionSummary } from '../summary';
import { countFiscalRows, type FiscalFilter, allocationRows, paymentLines,
  receiptRows } from './fiscal-rows';
import { writeFiscalPackage } from './fiscal-package';
import { oc4idsPackageText } from './oc4ids';
import { countProjects, exportProjects } from './project-rows';
import { idleAllocations, openAlerts } from './report-rows';
import { beginSnapshot, endSnapshot, type ExportSession, poolSessions } from './snapshot';
import { writeRegionReport } from './xlsx-report';

/** SPEC §14 exports over one read-model schema; the HTTP layer only sets headers and pipes. */

/** Rows one resource of a Fiscal Data Package may hold (a county's year has ≈2 million). */
export const FISCAL_RESOURCE_ROWS_MAX = 5_000_000;
/** Projects one OC4IDS package may hold. */
export const OC4IDS_PROJECTS_MAX = 100_000;

export interface LedgerExportsOptions {
  db: Queryable;
  schema: string;
  idleDays: number;
  /** A connection of its own for an export's snapshot; by default one from `db`'s pool. */
  session?: () => Promise<ExportSession>;
}

/** A Fiscal Data Package whose counts passed, holding its snapshot until written. */
export interface FiscalPackageExport {
  write(out: Writable, regionName: string | null, created: string): Promise<{ bytes: number }>;
  /** Gives the snapshot up without writing. */
  abandon(): Promise<void>;
}

const nameRow = z.object({ name: z.string() });

function tooLarge(what: string, count: number, max: number, path: string): DomainError {
  const message = `the export would hold ${count} ${what}, more than ${max}: ` +
    'ask for a smaller region or one fiscal year';
  return new DomainError('VALIDATION_FAILED', message, [{ path, message }]);
}

export class LedgerExports {
  private readonly schema: string;
  private readonly session: () => Promise<ExportSession>;

  constructor(private readonly options: LedgerExportsOptions) {
    this.schema = assertSchemaName(options.schema);
    this.session = options.session ?? poolSessions(options.db);
  }

  async regionName(regionCode: string): Promise<string | null> {
    const [row] = z.array(nameRow).parse(
      await this.options.db.query(`SELECT name FROM ${this.schema}.regions WHERE code = $1`,
        [regionCode]),
    );
    return row?.name ?? null;
  }

  /** The 专报 workbook of a region as of a date, around its (cached) summary. */
  writeRegionReport(out: Writable, summary: RegionSummary) {
    const { db, idleDays } = this.options;
    const { regionCode, asOf } = summary;
    return writeRegionReport(out, {
      summary,
      alerts: openAlerts(db, this.schema, regionCode, asOf),
      idle: idleAllocations(db, this.schema, regionCode, asOf, idleDays),
      projects: exportProjects(db, this.schema, regionCode, asOf),
    });
  }

  /**
   * Checks what an OC4IDS package would hold before anything is sent: the schema asks for
   * at least one project, so a region without any is a 404.
   */
  async checkOc4ids(regionCode: string, asOf: string): Promise<void> {
    const count = await countProjects(this.options.db, this.schema, regionCode, asOf);
    if (count === 0) {
      throw new DomainError('NOT_FOUND', `region ${regionCode} has no projects by ${asOf}`);
    }
    if (count > OC4IDS_PROJECTS_MAX) throw tooLarge('projects', count, OC4IDS_PROJECTS_MAX, 'code');
  }

  oc4idsText(regionCode: string, asOf: string, uri: string, publishedDate: string,
    publisherName: string) {
    const projects = exportProjects(this.options.db, this.schema, regionCode, asOf);
    return oc4idsPackageText({ uri, publishedDate, publisherName }, projects);
  }

  /**
   * Opens the snapshot a Fiscal Data Package is read from and checks its counts against the
   * limits there, so that a refusal comes before the answer starts and the files hold what
   * was counted. The caller writes or abandons it.
   */
  async openFiscalPackage(filter: FiscalFilter): Promise<FiscalPackageExport> {
    const session = await this.session();
    try {
      await beginSnapshot(session);
      const counts = await countFiscalRows(session, this.schema, filter);
      for (const [what, count] of Object.entries(counts)) {
        if (count > FISCAL_RESOURCE_ROWS_MAX) {
          throw tooLarge(what, count, FISCAL_RESOURCE_ROWS_MAX, 'fiscalYear');
        }
      }
    } catch (error) {
      await endSnapshot(session);
      throw error;
    }
    const s = this.schema;
    return {
      write: async (out, regionName, created) => {
        try {
          return await writeFiscalPackage(out, {
            head: { regionCode: filter.regionCode, regionName, fiscalYear: filter.fiscalYear,
              created },
            receipts: receiptRows(session, s, filter),
            allocations: allocationRows(session, s, filter),
            payments: paymentLines(session, s, filter),
          });
        } finally {
          await endSnapshot(session);
        }
      },
      abandon: () => endSnapshot(session),
    };
  }
}
