import type { EventStore, VerifiedHead } from '../port';
import { streamTampered } from '../tampering';

/** Streams whose last verified read this process remembers; the oldest are forgotten. */
export const VERIFIED_READS_MAX = 10_000;

interface VerifiedRead {
  head: VerifiedHead;
  /** The store's fingerprint of the stream's rows up to `head.version` when it was verified. */
  fingerprint: string;
}

/**
 * The check a read makes before it folds (SPEC §12): the whole hash chain, because an edit
 * of an old event cannot show in the newer ones. Where the store can fingerprint a stream's
 * stored rows (PostgreSQL: their row versions change with any UPDATE, DELETE or re-INSERT),
 * a stream whose verified rows are untouched is checked only from its last verified head:
 * the head event must still carry its hash, the newer events must chain onto it, and the
 * stream must end where the store recorded. A hot stream's read then costs its new events.
 */
export class ReadVerifier {
  private readonly reads = new Map<string, VerifiedRead>();

  constructor(private readonly store: EventStore) {}

  async verify(streamId: string): Promise<void> {
    const { store } = this;
    const fingerprintOf = store.streamFingerprint?.bind(store);
    const memo = this.reads.get(streamId);
    let from: VerifiedHead | undefined;
    if (memo && fingerprintOf) {
      const now = await fingerprintOf(streamId, memo.head.version);
      if (now === memo.fingerprint) from = memo.head;
    }
    // Taken before the chain is read: a later change of these rows alters it.
    const version = fingerprintOf ? await store.streamVersion(streamId) : 0;
    const fingerprint = fingerprintOf ? await fingerprintOf(streamId, version) : undefined;
    const result = await store.verifyStream(streamId, from ? { from } : {});
    this.reads.delete(streamId);
    if (!result.verified) throw streamTampered(store, streamId, result.brokenAt ?? 1);
    if (fingerprint === undefined || result.head?.version !== version) return;
    this.reads.set(streamId, { head: result.head, fingerprint });
    for (const [oldest] of this.reads) {
      if (this.reads.size <= VERIFIED_READS_MAX) break;
      this.reads.delete(oldest);
    }
  }
}
