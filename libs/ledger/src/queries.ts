import type { EventStore } from '@sunshine/event-store';
import { LedgerExports } from './exports/ledger-exports';
import { type HistoryPage, villageHistory } from './history';
import { fundLedger, householdTimeline, projectLedger } from './ledgers';
import {
  fundList,
  type FundListFilter,
  type ListPage,
  projectList,
  type ProjectListFilter,
} from './lists';
import { IDLE_DAYS_DEFAULT } from './metrics';
import { openAlertsByRule } from './alert-counts';
import { PeopleReads } from './people-reads';
import { LEDGER_CONSUMER_NAME, readCheckpoint } from './projection';
import { publicRegionSummary, publicVillage } from './public';
import {
  ledgerSummary,
  regionSummary,
  type SummaryDeps,
  type SummaryFilter,
} from './summary';
import { assertSchemaName, type Queryable } from './schema';
import type { VerifyMode } from './verified-streams';

export interface LedgerQueriesOptions {
  db: Queryable;
  schema: string;
  store: EventStore;
  idleDays?: number;
  consumerName?: string;
}

/** Every ledger read over one read-model schema; the HTTP layer only maps to and from it. */
export class LedgerQueries {
  readonly idleDays: number;
  /** Helpers, assets, the watch list and the household list (SPEC §13). */
  readonly people: PeopleReads;
  /** SPEC §14 exports over the same schema and connections. */
  readonly exports: LedgerExports;
  private readonly deps: SummaryDeps;
  private readonly consumerName: string;

  constructor(private readonly options: LedgerQueriesOptions) {
    assertSchemaName(options.schema);
    this.idleDays = options.idleDays ?? IDLE_DAYS_DEFAULT;
    this.consumerName = options.consumerName ?? LEDGER_CONSUMER_NAME;
    this.people = new PeopleReads(options.db, options.schema);
    this.exports = new LedgerExports({ ...options, idleDays: this.idleDays });
    this.deps = {
      db: options.db,
      schema: options.schema,
      idleDays: this.idleDays,
      openAlertsByRule: (regionCode, asOf) =>
        openAlertsByRule(options.db, options.schema, regionCode, asOf),
    };
  }

  /** The last global position applied, for the `X-Projection-Position` header. */
  position(): Promise<number> {
    return readCheckpoint(this.options.db, this.options.schema, this.consumerName);
  }

  regionSummary(filter: SummaryFilter) {
    return regionSummary(this.deps, filter);
  }

  /** The summary without its open alerts: what the ledger projection's position decides. */
  ledgerSummary(filter: SummaryFilter) {
    return ledgerSummary(this.deps, filter);
  }

  openAlertsByRule(regionCode: string, asOf: string) {
    return this.deps.openAlertsByRule(regionCode, asOf);
  }

  /** `verify: 'full'` re-verifies every chain from genesis, ignoring the checkpoints. */
  villageHistory(
    villageCode: string,
    asOf: string,
    verify: VerifyMode = 'incremental',
    page?: HistoryPage,
  ) {
    const { db, schema, store } = this.options;
    return villageHistory(db, schema, store, villageCode, asOf, verify, page);
  }

  householdTimeline(householdId: string) {
    return householdTimeline(this.options.db, this.options.schema, householdId);
  }

  projectLedger(projectId: string) {
    return projectLedger(this.options.db, this.options.schema, projectId);
  }

  fundLedger(fundId: string, asOf: string) {
    return fundLedger(this.options.db, this.options.schema, fundId, asOf, this.idleDays);
  }

  fundList(filter: FundListFilter, page: ListPage) {
    return fundList(this.options.db, this.options.schema, filter, page);
  }

  projectList(filter: ProjectListFilter, page: ListPage) {
    return projectList(this.options.db, this.options.schema, filter, page);
  }

  publicVillage(villageCode: string, asOf: string) {
    return publicVillage(this.deps, villageCode, asOf);
  }

  publicRegionSummary(regionCode: string, asOf: string) {
    return publicRegionSummary(this.deps, regionCode, asOf);
  }
}
