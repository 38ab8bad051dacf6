import { IdSet } from './id-set';

/**
 * Folded decider state as text, for snapshots: plain JSON, except that an IdSet is written
 * as `{"$idSet": [members]}` and read back as an IdSet (its own toJSON logs only its size).
 */

const ID_SET_KEY = '$idSet';

export function encodeState(state: unknown): string {
  return JSON.stringify(state, function replace(this: Record<string, unknown>, key, value) {
    const original = key === '' ? state : this[key];
    return original instanceof IdSet ? { [ID_SET_KEY]: original.members() } : (value as unknown);
  });
}

export function decodeState(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const members = (value as Record<string, unknown>)[ID_SET_KEY];
    return Array.isArray(members) ? IdSet.of(members.map(String)) : value;
  });
}
