import { createHash } from 'node:crypto';
import {
  canonicalJson,
  chainHashes,
  computeHash,
  GENESIS_HASH,
  verifyChain,
  type ChainLink,
} from './index';

const content = (n: number) => ({
  type: 'FundReceived',
  data: { amountFen: 100 * n, nested: { b: 2, a: [3, { z: 1, y: null }] } },
  occurredOn: '2024-01-10',
});

function chain(length: number): ChainLink[] {
  const contents = Array.from({ length }, (_, index) => content(index + 1));
  return chainHashes(GENESIS_HASH, contents).map((link, index) => ({
    ...contents[index]!,
    ...link,
    streamVersion: index + 1,
  }));
}

describe('canonicalJson', () => {
  it('sorts object keys recursively and keeps array order', () => {
    const text = canonicalJson({ b: 1, a: { d: [2, 1], c: 'x' } });
    expect(text).toBe('{"a":{"c":"x","d":[2,1]},"b":1}');
  });

  it('writes the same text whatever the insertion order of keys', () => {
    const one = canonicalJson({ x: 1, y: { p: 1, q: 2 } });
    expect(one).toBe(canonicalJson({ y: { q: 2, p: 1 }, x: 1 }));
  });

  it('leaves out undefined members as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
});

describe('computeHash', () => {
  it('is the sha256 hex of the previous hash followed by the canonical content', () => {
    const body = { type: 'T', data: { a: 1 }, occurredOn: '2024-01-01' };
    const expected = createHash('sha256')
      .update(GENESIS_HASH + '{"data":{"a":1},"occurredOn":"2024-01-01","type":"T"}')
      .digest('hex');
    expect(computeHash(GENESIS_HASH, body)).toBe(expected);
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
  });

  it('changes with the previous hash, the type, the data or the date', () => {
    const base = computeHash(GENESIS_HASH, content(1));
    expect(computeHash('1'.repeat(64), content(1))).not.toBe(base);
    expect(computeHash(GENESIS_HASH, { ...content(1), type: 'Other' })).not.toBe(base);
    expect(computeHash(GENESIS_HASH, content(2))).not.toBe(base);
    expect(computeHash(GENESIS_HASH, { ...content(1), occurredOn: '2024-01-11' })).not.toBe(base);
  });
});

describe('verifyChain', () => {
  it('accepts an untouched chain', () => {
    expect(verifyChain(chain(5))).toEqual(
      expect.objectContaining({ verified: true, eventsChecked: 5 }),
    );
  });

  it('names the first version whose data was edited', () => {
    const links = chain(5);
    links[2] = { ...links[2]!, data: { amountFen: 1 } };
    expect(verifyChain(links)).toEqual(expect.objectContaining({ verified: false, brokenAt: 3 }));
  });

  it('names the version after a removed event', () => {
    const links = chain(5);
    links.splice(1, 1);
    expect(verifyChain(links)).toEqual(expect.objectContaining({ verified: false, brokenAt: 2 }));
  });

  it('catches an edit whose hash was recomputed, at the next link', () => {
    const links = chain(4);
    const edited = { ...links[1]!, data: { amountFen: 1 } };
    links[1] = { ...edited, hash: computeHash(edited.prevHash, edited) };
    expect(verifyChain(links)).toEqual(expect.objectContaining({ verified: false, brokenAt: 3 }));
  });

  it('continues a chain checked page by page', () => {
    const links = chain(6);
    const first = verifyChain(links.slice(0, 3));
    const second = verifyChain(links.slice(3), { prevHash: first.lastHash, version: 4 });
    expect(second).toEqual(expect.objectContaining({ verified: true, eventsChecked: 3 }));
  });
});
