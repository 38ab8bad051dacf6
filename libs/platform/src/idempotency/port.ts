import { createHash } from 'node:crypto';

/**
 * Idempotency keys for HTTP commands (SPEC §7). A key is reserved before the command runs,
 * so two concurrent requests with one key never both execute; the first response is then
 * stored and replayed to every later request with the same key and body.
 */

/** How long a key is remembered. */
export const IDEMPOTENCY_RETENTION_MS = 7 * 24 * 3600 * 1000;
/** A reservation whose request never completed (a crash) is released after this long. */
export const IDEMPOTENCY_PENDING_TTL_MS = 60 * 1000;
export const IDEMPOTENCY_KEY_LENGTH_MAX = 200;
/** Responses larger than this are not stored (the key is released instead). */
export const IDEMPOTENCY_RESPONSE_BYTES_MAX = 256 * 1024;

/** A key released or expired between the claim and the look-up is claimed again this often. */
export const RESERVE_ATTEMPTS_MAX = 3;

export interface StoredResponse {
  status: number;
  body: unknown;
}

export type IdempotencyRecord =
  | { state: 'pending'; fingerprint: string }
  | { state: 'done'; fingerprint: string; response: StoredResponse };

export type ReserveOutcome =
  | { outcome: 'reserved' }
  | { outcome: 'existing'; record: IdempotencyRecord };

export interface IdempotencyStore {
  readonly kind: string;
  /** Atomically claims `key` for a request with `fingerprint`, or returns who holds it. */
  reserve(key: string, fingerprint: string): Promise<ReserveOutcome>;
  /** Stores the response of the request that holds the reservation. */
  complete(key: string, response: StoredResponse): Promise<void>;
  /** Drops a reservation whose request failed, so that the client may retry. */
  release(key: string): Promise<void>;
  /** Resolves when the backing store answers (used by /ready). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const byKey = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * JSON with object keys sorted at every level, so equal bodies give equal fingerprints.
 * Built with an explicit stack rather than recursion: however deep a body nests, it cannot
 * overflow the call stack (bodies are also refused past a nesting limit before this runs).
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  // Each item is either text to emit as it stands or a value still to be written.
  const stack: ({ text: string } | { value: unknown })[] = [{ value }];
  while (stack.length > 0) {
    const item = stack.pop() as { text: string } | { value: unknown };
    if ('text' in item) {
      out.push(item.text);
      continue;
    }
    const inner = item.value;
    if (inner === undefined) out.push('null');
    else if (inner === null || typeof inner !== 'object') out.push(String(JSON.stringify(inner)));
    else {
      // A loop, not a spread: a spread of a large array would itself exhaust the stack.
      const items = containerItems(inner);
      for (let i = items.length - 1; i >= 0; i -= 1) stack.push(items[i] as (typeof items)[0]);
    }
  }
  return out.join('');
}

/** The pieces of one array or object, in output order: brackets, keys, commas, values. */
function containerItems(container: object): ({ text: string } | { value: unknown })[] {
  const items: ({ text: string } | { value: unknown })[] = [];
  if (Array.isArray(container)) {
    items.push({ text: '[' });
    container.forEach((element: unknown, index) => {
      if (index > 0) items.push({ text: ',' });
      items.push({ value: element });
    });
    items.push({ text: ']' });
    return items;
  }
  const entries = Object.entries(container as Record<string, unknown>)
    .filter(([, inner]) => inner !== undefined)
    .sort(byKey);
  items.push({ text: '{' });
  entries.forEach(([key, inner], index) => {
    items.push({ text: `${index > 0 ? ',' : ''}${JSON.stringify(key)}:` });
    items.push({ value: inner });
  });
  items.push({ text: '}' });
  return items;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export function bodyFingerprint(body: unknown): string {
  return sha256Hex(canonicalJson(body ?? null));
}

/** The stored key: the client's key scoped by caller, method and path, hashed to bound it. */
export function scopedKey(sub: string, method: string, path: string, key: string): string {
  return sha256Hex(`${sub}\n${method.toUpperCase()}\n${path}\n${key}`);
}

/** Runs a claim-or-look-up step until it gives an answer, a bounded number of times. */
export async function reserveWithRetry(
  attempt: () => Promise<ReserveOutcome | null>,
): Promise<ReserveOutcome> {
  for (let i = 0; i < RESERVE_ATTEMPTS_MAX; i += 1) {
    const outcome = await attempt();
    if (outcome) return outcome;
  }
  throw new Error(`idempotency key could not be reserved in ${RESERVE_ATTEMPTS_MAX} attempts`);
}
