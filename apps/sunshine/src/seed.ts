import type { Runtime } from '@sunshine/platform';
import { bulkBatches, DEMO_COUNTY, generateCounty } from '@sunshine/demo';

/** The demo county is appended in calls of at most this many events. */
export const SEED_BATCH_EVENTS_MAX = 2_000;

/**
 * Fills an empty store with the small seeded demo county (SPEC §10), so a first start has
 * something to show. A store that holds any event is left alone.
 */
export async function seedDemoCounty(runtime: Runtime): Promise<number> {
  if (!runtime.config.demo) {
    runtime.logger.info('SUNSHINE_DEMO=0: no demo data');
    return 0;
  }
  if ((await runtime.store.headPosition()) > 0) {
    runtime.logger.info('the event store holds events: no demo data added');
    return 0;
  }
  const startedAt = Date.now();
  const county = generateCounty(DEMO_COUNTY);
  let events = 0;
  for (const batch of bulkBatches(county, SEED_BATCH_EVENTS_MAX)) {
    await runtime.store.appendBulk(batch);
    events += batch.reduce((sum, item) => sum + item.events.length, 0);
  }
  runtime.logger.info(
    { events, countyCode: DEMO_COUNTY.countyCode, ms: Date.now() - startedAt },
    'demo county seeded',
  );
  return events;
}
