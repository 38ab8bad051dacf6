import {
  ledgerSummarySchema,
  withOpenAlerts,
  type LedgerQueries,
  type LedgerSummary,
  type RegionSummary,
  type SummaryFilter,
} from '@sunshine/ledger';
import {
  CachedComputation,
  intParam,
  LruCache,
  RedisResultCache,
  type ResultCache,
  type Runtime,
} from '@sunshine/platform';
import { Counter } from 'prom-client';

/** Nest token of the `RegionSummaries` the summary routes read through. */
export const REGION_SUMMARIES = 'SUNSHINE_REGION_SUMMARIES';

/** Summaries one process keeps (SUMMARY_CACHE_ENTRIES); a county's is tens of kB. */
export const SUMMARY_CACHE_ENTRIES_MAX = 512;
/** How long a summary lives in Redis; a newer projection position stops its use sooner. */
export const SUMMARY_CACHE_TTL_MS = 10 * 60 * 1000;
/** Summaries larger than this are not put in Redis (a region with very many children). */
export const SUMMARY_CACHE_VALUE_BYTES_MAX = 1024 * 1024;
/** Changes whenever the cached shape does, so that instances of two versions never mix. */
const KEY_VERSION = 'region-summary-v1';

/**
 * Region summaries (SPEC §7) through a cache (SPEC §2). The ledger's part of a summary is a
 * function of the filter and the projection position, so it is cached under both: once the
 * projection moves, requests carry the new position and never see an older answer. Open
 * alerts belong to another projection and are read on every request. The caller has
 * checked the region against the principal before asking.
 */
export class RegionSummaries {
  constructor(
    private readonly queries: LedgerQueries,
    private readonly cached: CachedComputation<LedgerSummary>,
    private readonly schema: string,
  ) {}

  /** `position` is the projection position read before the request, as in its header. */
  async regionSummary(filter: SummaryFilter, position: number): Promise<RegionSummary> {
    const [summary, alerts] = await Promise.all([
      this.ledgerSummary(filter, position),
      this.queries.openAlertsByRule(filter.regionCode, filter.asOf),
    ]);
    return withOpenAlerts(summary, alerts);
  }

  /** The public summary is the ledger's part with no filter: the same cached answer. */
  publicRegionSummary(regionCode: string, asOf: string, position: number) {
    return this.ledgerSummary({ regionCode, asOf }, position);
  }

  private ledgerSummary(filter: SummaryFilter, position: number): Promise<LedgerSummary> {
    const key = JSON.stringify([KEY_VERSION, this.schema, this.queries.idleDays, position,
      filter.regionCode, filter.asOf, filter.category ?? null, filter.fiscalYear ?? null]);
    return this.cached.get(key, () => this.queries.ledgerSummary(filter));
  }
}

/** Redis when the runtime has one (several instances share it), else an in-process LRU. */
function summaryCache(runtime: Runtime): ResultCache<LedgerSummary> {
  if (runtime.redis) {
    return new RedisResultCache(runtime.redis, {
      parse: (value) => ledgerSummarySchema.parse(value),
      keyPrefix: 'sunshine:summary:',
      ttlMs: SUMMARY_CACHE_TTL_MS,
      valueBytesMax: SUMMARY_CACHE_VALUE_BYTES_MAX,
    });
  }
  return new LruCache(intParam(runtime.config, 'SUMMARY_CACHE_ENTRIES', SUMMARY_CACHE_ENTRIES_MAX));
}

function registerCacheMetrics(runtime: Runtime, cached: CachedComputation<LedgerSummary>) {
  new Counter({
    name: 'sunshine_summary_cache_lookups_total',
    help: 'Region summary cache look-ups by result (hit, miss, error)',
    labelNames: ['result'],
    registers: [runtime.metrics],
    collect() {
      this.reset();
      for (const [result, count] of Object.entries(cached.counts)) {
        this.inc({ result: result.replace(/s$/, '') }, count);
      }
    },
  });
}

export function createRegionSummaries(runtime: Runtime, queries: LedgerQueries, schema: string) {
  const cache = summaryCache(runtime);
  const cached = new CachedComputation(cache, {
    onCacheError: (error, operation) =>
      runtime.logger.warn({ err: error, operation, cache: cache.kind }, 'summary cache failed'),
  });
  registerCacheMetrics(runtime, cached);
  return new RegionSummaries(queries, cached, schema);
}
