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

/** JSON with object keys sorted recursively, so equal bodies give equal fingerprints. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, inner]) => inner !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
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
