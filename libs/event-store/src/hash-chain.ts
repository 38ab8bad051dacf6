import { createHash } from 'node:crypto';

/**
 * The per-stream hash chain (SPEC §4): each event's hash covers the previous hash and the
 * canonical JSON of its type, data and business date, so editing any stored event breaks
 * every later link and `verifyChain` names the first version that no longer matches.
 */

export const GENESIS_HASH = '0'.repeat(64);

export interface HashedContent {
  type: string;
  data: Record<string, unknown>;
  occurredOn: string;
}

/** JSON with object keys sorted recursively; arrays keep their order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    // JSON.stringify returns undefined for undefined, functions and symbols; they have no
    // place in stored event data, so reaching here is a programmer error.
    if (text === undefined) throw new Error(`not representable in JSON: ${String(value)}`);
    return text;
  }
  // Loops and string concatenation rather than entries/filter/map: every appended event is
  // hashed, and a payment batch appends 10,000 of them in one request.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) out += (i > 0 ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // The default sort compares UTF-16 code units, as `<` does.
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
    first = false;
  }
  return `${out}}`;
}

export function computeHash(prevHash: string, content: HashedContent): string {
  const { type, data, occurredOn } = content;
  const body = canonicalJson({ type, data, occurredOn });
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

export interface ChainLink extends HashedContent {
  streamVersion: number;
  prevHash: string;
  hash: string;
}

export interface ChainCheck {
  verified: boolean;
  eventsChecked: number;
  /** The first stream version whose link or hash does not match. */
  brokenAt?: number;
  /** The hash of the last checked event, to continue a chain checked page by page. */
  lastHash: string;
}

export interface ChainStart {
  /** The hash of the event before the first link (GENESIS_HASH for a whole stream). */
  prevHash: string;
  /** The stream version the first link must carry (1 for a whole stream). */
  version: number;
}

/**
 * Recomputes a chain from `start`. A link is broken when its version is not the next one (an
 * event was removed), its stored prevHash is not the previous event's hash, or its stored
 * hash is not the recomputed one.
 */
export function verifyChain(
  links: readonly ChainLink[],
  start: ChainStart = { prevHash: GENESIS_HASH, version: 1 },
): ChainCheck {
  let expectedPrev = start.prevHash;
  let eventsChecked = 0;
  for (const link of links) {
    const expectedVersion = start.version + eventsChecked;
    eventsChecked += 1;
    if (link.streamVersion !== expectedVersion) {
      return { verified: false, eventsChecked, brokenAt: expectedVersion, lastHash: expectedPrev };
    }
    const recomputed = computeHash(link.prevHash, link);
    if (link.prevHash !== expectedPrev || link.hash !== recomputed) {
      const brokenAt = link.streamVersion;
      return { verified: false, eventsChecked, brokenAt, lastHash: expectedPrev };
    }
    expectedPrev = link.hash;
  }
  return { verified: true, eventsChecked, lastHash: expectedPrev };
}

/** Hashes new events in order after `prevHash`; returns each event's prevHash and hash. */
export function chainHashes(
  prevHash: string,
  contents: readonly HashedContent[],
): { prevHash: string; hash: string }[] {
  let previous = prevHash;
  return contents.map((content) => {
    const hash = computeHash(previous, content);
    const link = { prevHash: previous, hash };
    previous = hash;
    return link;
  });
}

/**
 * The global chain (SPEC §4, §12): over the events in position order, each `globalHash` is
 * SHA-256 over the previous global hash and the event's own hash (both as hex text), starting
 * from GENESIS_HASH. A deleted event, a deleted stream or a cut tail breaks it.
 */
export function computeGlobalHash(prevGlobalHash: string, eventHash: string): string {
  return createHash('sha256').update(prevGlobalHash).update(eventHash).digest('hex');
}
