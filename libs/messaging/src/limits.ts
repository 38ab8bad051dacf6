import { READ_BATCH_MAX } from '@sunshine/event-store';

/** Batches read from the store are bounded by the store's own page limit. */
export function assertBatchSize(batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > READ_BATCH_MAX) {
    throw new Error(`batchSize must be an integer within 1..${READ_BATCH_MAX}`);
  }
}
