/**
 * A small seeded PRNG (mulberry32) and a string/number hash, so that the generator is
 * deterministic for a seed and never touches Math.random.
 */

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
}

export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('cannot pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
  };
}

/** FNV-1a over the parts, so that per-entity streams of randomness are order-independent. */
export function hash32(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const text = String(part);
    for (let i = 0; i < text.length; i += 1) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x7c;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A PRNG seeded from the generator seed and the parts naming one entity and moment. */
export function rngFor(seed: number, ...parts: (string | number)[]): Rng {
  return mulberry32(hash32(seed, ...parts));
}

/** A uniform float in [0, 1) from a hash, for cheap one-off decisions. */
export function unitOf(seed: number, ...parts: (string | number)[]): number {
  return hash32(seed, ...parts) / 4294967296;
}

function hex(value: number, digits: number): string {
  return (value >>> 0).toString(16).padStart(8, '0').slice(-digits);
}

/** A deterministic RFC 4122-shaped (version 4 layout) id from a seed, a salt and a counter. */
export function deterministicUuid(seed: number, salt: number, counter: number): string {
  const high = Math.floor(counter / 4294967296);
  return [
    hex(seed, 8),
    hex(salt >>> 16, 4),
    `4${hex(salt, 3)}`,
    `8${hex(high, 3)}`,
    `${hex(high >>> 12, 4)}${hex(counter, 8)}`,
  ].join('-');
}

/** 64 lowercase hex digits, deterministic for its inputs (document digests in evidence). */
export function deterministicSha256Hex(seed: number, ...parts: (string | number)[]): string {
  let out = '';
  for (let i = 0; i < 8; i += 1) out += hex(hash32(seed, i, ...parts), 8);
  return out;
}
