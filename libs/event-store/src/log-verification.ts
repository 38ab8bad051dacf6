import { computeGlobalHash, computeHash, GENESIS_HASH, type HashedContent } from './hash-chain';
import type { LogAnchor, LogBreak, LogHead, LogVerification, VerifyLogOptions } from './port';

/**
 * One pass over the log in position order checks both chains at once (SPEC §12): each
 * stream's hash chain (versions without a hole, each prevHash the previous hash, each hash
 * the recomputed one) and the global chain (positions without a hole, each stored global
 * hash the previous one chained with the event's hash). After a break the check resumes from
 * the stored values, so one edit is reported once; the anchor comparison never resumes: it
 * recomputes the chain purely from the events as stored now.
 */

export interface LogRow extends HashedContent {
  position: number;
  streamId: string;
  streamVersion: number;
  prevHash: string;
  hash: string;
  /** The global hash the store kept at this position (the end of an append), else null. */
  globalHash: string | null;
}

export interface RecordedStreamHead {
  streamId: string;
  version: number;
  lastHash: string;
}

/** Region codes remembered per stream, to decide which streams a regional audit covers. */
const REGION_CODES_PER_STREAM_MAX = 32;
const REGION_FIELDS = ['countyCode', 'villageCode', 'regionCode'] as const;

interface StreamSeen {
  version: number;
  hash: string;
  events: number;
  regions: Set<string>;
  broken?: LogBreak;
}

export class LogVerifier {
  private readonly streams = new Map<string, StreamSeen>();
  private readonly globalBreaks: LogBreak[] = [];
  private position = 0;
  private globalHash = GENESIS_HASH;
  /** After a hole, the running hash is unknown until the next kept link. */
  private synced = true;
  /** The chain recomputed from the events alone, never resynchronised: the anchor's proof. */
  private pureHash = GENESIS_HASH;
  private anchorHash: string | undefined;

  constructor(private readonly anchor?: LogAnchor) {
    if (anchor?.position === 0) this.anchorHash = GENESIS_HASH;
  }

  add(row: LogRow): void {
    this.checkGlobal(row);
    this.checkStream(row);
  }

  private checkGlobal(row: LogRow): void {
    const expected = this.position + 1;
    const computed = computeGlobalHash(this.globalHash, row.hash);
    if (row.position !== expected) {
      const reason = missing(expected, row.position - 1);
      this.globalBreaks.push({ position: expected, reason });
      this.synced = false;
    } else if (this.synced && row.globalHash !== null && row.globalHash !== computed) {
      this.globalBreaks.push({
        streamId: row.streamId,
        streamVersion: row.streamVersion,
        position: row.position,
        reason: 'the global chain kept at this position does not match the events before it',
      });
    }
    this.position = row.position;
    this.globalHash = row.globalHash ?? computed;
    if (row.globalHash !== null) this.synced = true;
    this.pureHash = computeGlobalHash(this.pureHash, row.hash);
    if (this.anchor && row.position <= this.anchor.position) this.anchorHash = this.pureHash;
  }

  private checkStream(row: LogRow): void {
    let seen = this.streams.get(row.streamId);
    if (!seen) {
      seen = { version: 0, hash: GENESIS_HASH, events: 0, regions: new Set() };
      this.streams.set(row.streamId, seen);
    }
    seen.events += 1;
    rememberRegions(seen.regions, row);
    const at = { streamId: row.streamId, position: row.position };
    let reason: string | undefined;
    let version = row.streamVersion;
    if (row.streamVersion !== seen.version + 1) {
      version = seen.version + 1;
      reason = `stream version ${version} is missing (the next stored is ${row.streamVersion})`;
    } else if (row.prevHash !== seen.hash) {
      reason = 'the event does not link to the previous event of its stream';
    } else if (row.hash !== computeHash(row.prevHash, row)) {
      reason = 'the event was changed after it was stored: its hash does not match';
    }
    if (reason !== undefined && !seen.broken) {
      seen.broken = { ...at, streamVersion: version, reason };
    }
    seen.version = row.streamVersion;
    seen.hash = row.hash;
  }

  /** Compares with what the store recorded at append time and answers. */
  finish(
    recorded: LogHead,
    heads: Iterable<RecordedStreamHead>,
    options: VerifyLogOptions = {},
  ): LogVerification {
    this.checkEnd(recorded);
    this.checkHeads(heads);
    const include = options.includeStream ?? (() => true);
    const broken: LogBreak[] = [...this.globalBreaks];
    let streams = 0;
    let events = 0;
    for (const [, seen] of this.streams) {
      if (!include([...seen.regions])) continue;
      streams += 1;
      events += seen.events;
      if (seen.broken) broken.push(seen.broken);
    }
    return {
      verified: broken.length === 0,
      streams,
      events,
      headPosition: recorded.headPosition,
      globalHash: recorded.globalHash,
      broken,
    };
  }

  /** Regions named by a stream's surviving events, for a break the caller reports further. */
  regionsOf(streamId: string): string[] {
    return [...(this.streams.get(streamId)?.regions ?? [])];
  }

  private checkEnd(recorded: LogHead): void {
    if (recorded.headPosition > this.position) {
      const reason = missing(this.position + 1, recorded.headPosition);
      this.globalBreaks.push({ position: this.position + 1, reason });
    } else if (this.synced && recorded.globalHash !== this.globalHash) {
      const reason = 'the recorded head of the global chain does not match the log';
      this.globalBreaks.push({ position: recorded.headPosition, reason });
    }
    const anchor = this.anchor;
    if (!anchor) return;
    if (anchor.position > this.position) {
      const reason = `the log ends at position ${this.position}, before the anchor: truncated`;
      this.globalBreaks.push({ position: anchor.position, reason });
    } else if (this.anchorHash !== anchor.globalHash) {
      const reason = 'the log does not extend the anchor: its chain differs at that position';
      this.globalBreaks.push({ position: anchor.position, reason });
    }
  }

  private checkHeads(heads: Iterable<RecordedStreamHead>): void {
    for (const head of heads) {
      if (head.version === 0) continue;
      let seen = this.streams.get(head.streamId);
      if (!seen) {
        seen = { version: 0, hash: GENESIS_HASH, events: 0, regions: new Set() };
        this.streams.set(head.streamId, seen);
      }
      if (seen.broken || (seen.version === head.version && seen.hash === head.lastHash)) continue;
      const streamVersion = Math.min(seen.version + 1, head.version);
      const reason =
        seen.events === 0
          ? `every event of the stream is missing (its head is at version ${head.version})`
          : `the stream ends at version ${seen.version}, its recorded head at ${head.version}`;
      seen.broken = { streamId: head.streamId, streamVersion, reason };
    }
  }

  /** Streams found broken, with the version where each breaks. */
  brokenStreams(): { streamId: string; streamVersion: number; regionCodes: string[] }[] {
    const out: { streamId: string; streamVersion: number; regionCodes: string[] }[] = [];
    for (const [streamId, seen] of this.streams) {
      if (!seen.broken) continue;
      const streamVersion = seen.broken.streamVersion ?? 1;
      out.push({ streamId, streamVersion, regionCodes: [...seen.regions] });
    }
    return out;
  }
}

function missing(from: number, to: number): string {
  return from === to
    ? `position ${from} is missing from the log`
    : `positions ${from} to ${to} are missing from the log`;
}

function rememberRegions(regions: Set<string>, row: LogRow): void {
  if (regions.size >= REGION_CODES_PER_STREAM_MAX) return;
  for (const field of REGION_FIELDS) {
    const value = row.data[field];
    if (typeof value === 'string') regions.add(value);
  }
  if (row.type === 'RegionDefined' && typeof row.data.code === 'string') regions.add(row.data.code);
}
