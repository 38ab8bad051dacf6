import { IdSet } from './id-set';

/**
 * Folded decider state as text, for snapshots: plain JSON, except that an IdSet is written
 * as `{"$idSet": [members]}` and read back as an IdSet (its own toJSON logs only its size),
 * and a Map as `{"$map": [[key, value], ...]}`.
 */

const ID_SET_KEY = '$idSet';
const MAP_KEY = '$map';

export function encodeState(state: unknown): string {
  return JSON.stringify(state, function replace(this: Record<string, unknown>, key, value) {
    const original = key === '' ? state : this[key];
    if (original instanceof IdSet) return { [ID_SET_KEY]: original.members() };
    if (original instanceof Map) return { [MAP_KEY]: [...original.entries()] };
    return value as unknown;
  });
}

export function decodeState(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const members = (value as Record<string, unknown>)[ID_SET_KEY];
    if (Array.isArray(members)) return IdSet.of(members.map(String));
    const entries = (value as Record<string, unknown>)[MAP_KEY];
    return Array.isArray(entries) ? new Map(entries as [unknown, unknown][]) : value;
  });
}
