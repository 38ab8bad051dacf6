import { GENESIS_HASH, verifyChain } from './hash-chain';
import { READ_BATCH_MAX, type StoredEvent, type VerifiedHead, type VerifyResult } from './port';

/**
 * The page-by-page chain check both adapters share. It starts at genesis or at a head
 * verified earlier (`from`): then the event at `from.version` must still be stored with
 * `from.hash`, the later events must chain onto it, and nothing before it is read.
 */

export type PageReader = (fromVersion: number, maxCount: number) => Promise<StoredEvent[]>;

export const GENESIS_HEAD: VerifiedHead = { version: 0, hash: GENESIS_HASH };

/**
 * Verifies the chain after `from` up to `endVersion` (inclusive; the stream's end when
 * absent). A verified result carries the last version checked and its hash as `head`, so the
 * caller can compare it with the stream head the store recorded.
 */
export async function verifyPages(
  streamId: string,
  read: PageReader,
  from: VerifiedHead = GENESIS_HEAD,
  endVersion = Number.POSITIVE_INFINITY,
): Promise<VerifyResult> {
  let start = { prevHash: from.hash, version: from.version + 1 };
  let eventsChecked = 0;
  // From a checkpoint, the first page also carries the anchor event, checked by hash only.
  let anchored = from.version === 0;
  let next = anchored ? 1 : from.version;
  while (next <= endVersion) {
    const page = await read(next, Math.min(READ_BATCH_MAX, endVersion - next + 1));
    let links: StoredEvent[] = page;
    if (!anchored) {
      const anchor = page[0];
      if (anchor?.streamVersion !== from.version || anchor.hash !== from.hash) {
        return { streamId, verified: false, eventsChecked, brokenAt: from.version };
      }
      anchored = true;
      links = page.slice(1);
    }
    const check = verifyChain(links, start);
    eventsChecked += check.eventsChecked;
    if (!check.verified) {
      return { streamId, verified: false, eventsChecked, brokenAt: check.brokenAt };
    }
    start = { prevHash: check.lastHash, version: start.version + links.length };
    if (page.length < READ_BATCH_MAX) break;
    next += page.length;
  }
  const head = { version: start.version - 1, hash: start.prevHash };
  return { streamId, verified: true, eventsChecked, head };
}

/**
 * The stream's end as the store recorded it at append time must be where the chain ends: a
 * removed or rewritten tail shows up here even when the remaining links are consistent.
 */
export function matchRecordedHead(result: VerifyResult, recorded: VerifiedHead): VerifyResult {
  const head = result.head;
  if (!result.verified || !head) return result;
  if (head.version === recorded.version && head.hash === recorded.hash) return result;
  const { streamId, eventsChecked } = result;
  return { streamId, verified: false, eventsChecked, brokenAt: Math.max(1, head.version) };
}
