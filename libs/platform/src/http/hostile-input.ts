import { type ErrorDetail, hasUnsafeCharacters, UNSAFE_TEXT_MESSAGE } from '@sunshine/domain';

/**
 * Checks that run on untrusted input before any handler sees it. None of them recurses, so
 * no input can drive the stack: bodies are walked with an explicit stack whose size the
 * depth limit bounds.
 */

/** Objects and arrays nested deeper than this are refused before the body is parsed. */
export const JSON_DEPTH_MAX = 32;
/** At most this many strings are reported as unsafe, so that an answer stays small. */
export const UNSAFE_TEXT_DETAILS_MAX = 20;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * True when the JSON text nests objects and arrays deeper than `depthMax`. One pass over
 * the bytes, skipping string contents; malformed text is left to the parser.
 */
export function jsonNestsDeeperThan(bytes: Uint8Array, depthMax: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i += 1) {
    const byte = bytes[i];
    if (inString) {
      if (byte === BACKSLASH) i += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth += 1;
      if (depth > depthMax) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
  return false;
}

/**
 * Every string (value or key) in a parsed JSON value that `isUnsafeText` refuses, as
 * validation details naming its path (`rows.3.name`).
 */
export function unsafeTextDetails(value: unknown, root = ''): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const stack: { path: string; value: unknown }[] = [{ path: root, value }];
  while (stack.length > 0 && details.length < UNSAFE_TEXT_DETAILS_MAX) {
    const item = stack.pop() as { path: string; value: unknown };
    const inner = item.value;
    if (typeof inner === 'string') {
      if (hasUnsafeCharacters(inner)) details.push({ path: item.path, message: UNSAFE_TEXT_MESSAGE });
      continue;
    }
    if (inner === null || typeof inner !== 'object') continue;
    const entries: [string, unknown][] = Array.isArray(inner)
      ? inner.map((child, index) => [String(index), child])
      : Object.entries(inner);
    for (const [key, child] of entries) {
      const path = item.path === '' ? key : `${item.path}.${key}`;
      if (hasUnsafeCharacters(key)) {
        details.push({ path: safePath(path), message: `a key: ${UNSAFE_TEXT_MESSAGE}` });
      } else {
        stack.push({ path, value: child });
      }
    }
  }
  return details.slice(0, UNSAFE_TEXT_DETAILS_MAX);
}

/** A path to name in an answer, with unsafe characters escaped so the answer stays clean. */
function safePath(path: string): string {
  return JSON.stringify(path).slice(1, -1).replace(/[\ud800-\udfff]/g, (c) =>
    `\\u${c.charCodeAt(0).toString(16)}`);
}
