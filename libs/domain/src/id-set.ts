/**
 * A persistent set of ids for decider state. A stream is folded in order, so `add` usually
 * extends the newest version in place (amortised O(1)); adding to an older version copies
 * first, so every version a caller holds keeps its own members. Folding a fund with tens of
 * thousands of payments therefore stays linear instead of copying a Set per event.
 */
export class IdSet {
  private constructor(
    private readonly index: Map<string, number>,
    private readonly log: string[],
    readonly size: number,
  ) {}

  static empty(): IdSet {
    return new IdSet(new Map(), [], 0);
  }

  /** A set holding `members` (duplicates collapse), e.g. read back from a snapshot. */
  static of(members: readonly string[]): IdSet {
    let set = IdSet.empty();
    for (const member of members) set = set.add(member);
    return set;
  }

  /** The members in the order they were added. */
  members(): string[] {
    return this.log.slice(0, this.size);
  }

  has(id: string): boolean {
    const at = this.index.get(id);
    return at !== undefined && at < this.size;
  }

  add(id: string): IdSet {
    if (this.has(id)) return this;
    if (this.log.length === this.size) {
      this.log.push(id);
      this.index.set(id, this.size);
      return new IdSet(this.index, this.log, this.size + 1);
    }
    const log = this.log.slice(0, this.size);
    const index = new Map(log.map((member, at) => [member, at] as const));
    log.push(id);
    index.set(id, this.size);
    return new IdSet(index, log, this.size + 1);
  }

  /** State may be logged or serialised; the members are internal, the count is enough. */
  toJSON(): { size: number } {
    return { size: this.size };
  }
}
