import { chainHashes, computeGlobalHash, GENESIS_HASH } from './hash-chain';
import { LogVerifier, type LogRow } from './log-verification';

/** Two streams interleaved in the log, linked as the PostgreSQL store links them. */
function log(): LogRow[] {
  const order = ['fund-a', 'fund-b', 'fund-a', 'fund-b', 'fund-a'];
  const versions = new Map<string, { version: number; hash: string }>();
  let globalHash = GENESIS_HASH;
  return order.map((streamId, index) => {
    const last = versions.get(streamId) ?? { version: 0, hash: GENESIS_HASH };
    const content = {
      type: 'HouseholdPaid',
      data: { amountFen: 100 * (index + 1), villageCode: '320826100201' },
      occurredOn: '2024-03-01',
    };
    const [link] = chainHashes(last.hash, [content]);
    versions.set(streamId, { version: last.version + 1, hash: link!.hash });
    globalHash = computeGlobalHash(globalHash, link!.hash);
    return {
      ...content,
      position: index + 1,
      streamId,
      streamVersion: last.version + 1,
      prevHash: link!.prevHash,
      hash: link!.hash,
      globalHash,
    };
  });
}

function check(rows: LogRow[], anchor?: { position: number; globalHash: string }) {
  const verifier = new LogVerifier(anchor);
  for (const row of rows) verifier.add(row);
  const heads = ['fund-a', 'fund-b'].map((streamId) => {
    const ofStream = log().filter((r) => r.streamId === streamId);
    const end = ofStream[ofStream.length - 1]!;
    return { streamId, version: end.streamVersion, lastHash: end.hash };
  });
  const full = log();
  const recorded = { headPosition: full.length, globalHash: full[full.length - 1]!.globalHash! };
  return verifier.finish(recorded, heads);
}

describe('a log verification', () => {
  it('passes an untouched log and counts its streams and events', () => {
    expect(check(log())).toMatchObject({ verified: true, streams: 2, events: 5, broken: [] });
  });

  it('names the stream, version and position of an edited amount', () => {
    const rows = log();
    rows[2] = { ...rows[2]!, data: { ...rows[2]!.data, amountFen: 1 } };
    expect(check(rows).broken).toEqual([
      expect.objectContaining({ streamId: 'fund-a', streamVersion: 2, position: 3 }),
    ]);
  });

  it('names the position and the stream version of a deleted middle event', () => {
    const rows = log().filter((row) => row.position !== 3);
    const { broken } = check(rows);
    expect(broken).toContainEqual(expect.objectContaining({ position: 3 }));
    const stream = { streamId: 'fund-a', streamVersion: 2 };
    expect(broken).toContainEqual(expect.objectContaining(stream));
  });

  it('sees a rewritten stream whose hashes were recomputed by the global chain', () => {
    const rows = log();
    const edited = { ...rows[4]!, data: { ...rows[4]!.data, amountFen: 1 } };
    edited.hash = chainHashes(edited.prevHash, [edited])[0]!.hash;
    rows[4] = edited;
    expect(check(rows).broken).toContainEqual(
      expect.objectContaining({ position: 5, reason: expect.stringContaining('global') }),
    );
  });

  it('proves a cut log does not extend an anchor beyond its end', () => {
    const full = log();
    const anchor = { position: 5, globalHash: full[4]!.globalHash! };
    expect(check(full, anchor).verified).toBe(true);
    const { broken } = check(full.slice(0, 3), anchor);
    expect(broken).toContainEqual(
      expect.objectContaining({ position: 5, reason: expect.stringContaining('truncated') }),
    );
  });

  it('refuses an anchor the log never had', () => {
    const { broken } = check(log(), { position: 2, globalHash: 'f'.repeat(64) });
    expect(broken).toContainEqual(
      expect.objectContaining({ position: 2, reason: expect.stringContaining('anchor') }),
    );
  });
});

describe('a log whose chain is kept only at the end of each append', () => {
  /** Links kept at positions 2 and 5 only, as two appends of 2 and 3 events leave them. */
  const kept = new Set([2, 5]);
  const sparse = () =>
    log().map((row) => (kept.has(row.position) ? row : { ...row, globalHash: null }));

  it('passes when untouched', () => {
    expect(check(sparse())).toMatchObject({ verified: true, broken: [] });
  });

  it('reports a hole once and resumes at the next kept link', () => {
    const rows = sparse().filter((row) => row.position !== 3);
    const global = check(rows).broken.filter((b) => b.streamId === undefined);
    expect(global).toEqual([{ position: 3, reason: 'position 3 is missing from the log' }]);
  });

  it('sees a rewritten hash at the next kept link', () => {
    const rows = sparse();
    const edited = { ...rows[2]!, data: { ...rows[2]!.data, amountFen: 1 } };
    edited.hash = chainHashes(edited.prevHash, [edited])[0]!.hash;
    rows[2] = edited;
    expect(check(rows).broken).toContainEqual(expect.objectContaining({ position: 5 }));
  });
});
