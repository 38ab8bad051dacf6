import { CachedComputation } from './cached';
import { LruCache } from './lru';
import type { ResultCache } from './port';
import { SingleFlight } from './single-flight';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('LruCache', () => {
  it('keeps no more than entriesMax values, evicting the least recently used', async () => {
    const cache = new LruCache<number>(2);
    await cache.set('a', 1);
    await cache.set('b', 2);
    expect(await cache.get('a')).toBe(1);
    await cache.set('c', 3);
    expect(cache.size).toBe(2);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toBe(1);
    expect(await cache.get('c')).toBe(3);
  });

  it('replaces a value without growing and counts a write as a use', async () => {
    const cache = new LruCache<number>(2);
    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.set('a', 10);
    await cache.set('c', 3);
    expect(cache.size).toBe(2);
    expect(await cache.get('a')).toBe(10);
    expect(await cache.get('b')).toBeUndefined();
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => new LruCache(0)).toThrow(/positive integer/);
    expect(() => new LruCache(1.5)).toThrow(/positive integer/);
  });
});

describe('SingleFlight', () => {
  it('runs concurrent calls with one key once and gives each caller the answer', async () => {
    const flight = new SingleFlight<string>();
    const gate = deferred<string>();
    let runs = 0;
    const work = () => {
      runs += 1;
      return gate.promise;
    };
    const calls = Array.from({ length: 200 }, () => flight.run('k', work));
    expect(flight.size).toBe(1);
    gate.resolve('answer');
    expect(await Promise.all(calls)).toEqual(Array(200).fill('answer'));
    expect(runs).toBe(1);
    expect(flight.size).toBe(0);
  });

  it('gives a failure to every waiting caller and starts afresh on the next call', async () => {
    const flight = new SingleFlight<string>();
    const gate = deferred<string>();
    const first = flight.run('k', () => gate.promise);
    const second = flight.run('k', () => Promise.resolve('not run'));
    gate.reject(new Error('database down'));
    await expect(first).rejects.toThrow('database down');
    await expect(second).rejects.toThrow('database down');
    expect(await flight.run('k', () => Promise.resolve('recovered'))).toBe('recovered');
  });

  it('runs different keys separately and stops sharing beyond keysMax', async () => {
    const flight = new SingleFlight<number>(1);
    const gate = deferred<number>();
    let runs = 0;
    const work = (value: number) => () => {
      runs += 1;
      return value === 1 ? gate.promise : Promise.resolve(value);
    };
    const one = flight.run('a', work(1));
    expect(await flight.run('b', work(2))).toBe(2);
    expect(await flight.run('c', work(3))).toBe(3);
    expect(flight.size).toBe(1);
    gate.resolve(1);
    expect(await one).toBe(1);
    expect(runs).toBe(3);
  });
});

describe('CachedComputation', () => {
  it('computes once for concurrent misses, then answers from the cache', async () => {
    const cached = new CachedComputation(new LruCache<number>(8));
    let computed = 0;
    const compute = async () => {
      computed += 1;
      await new Promise((resolve) => setTimeout(resolve, 5));
      return 42;
    };
    const answers = await Promise.all(Array.from({ length: 50 }, () => cached.get('k', compute)));
    expect(answers).toEqual(Array(50).fill(42));
    expect(await cached.get('k', compute)).toBe(42);
    expect(computed).toBe(1);
    expect(cached.counts).toEqual({ hits: 1, misses: 1, errors: 0 });
  });

  it('does not cache a failed computation', async () => {
    const cache = new LruCache<number>(8);
    const cached = new CachedComputation(cache);
    await expect(cached.get('k', () => Promise.reject(new Error('timeout')))).rejects.toThrow(
      'timeout',
    );
    expect(cache.size).toBe(0);
    expect(await cached.get('k', async () => 7)).toBe(7);
  });

  it('computes anyway when the cache fails, and reports the failure', async () => {
    const broken: ResultCache<number> = {
      kind: 'broken',
      get: () => Promise.reject(new Error('connection lost')),
      set: () => Promise.reject(new Error('connection lost')),
    };
    const failures: string[] = [];
    const cached = new CachedComputation(broken, {
      onCacheError: (_error, operation) => failures.push(operation),
    });
    expect(await cached.get('k', async () => 5)).toBe(5);
    await new Promise((resolve) => setImmediate(resolve));
    expect(failures).toEqual(['get', 'set']);
    expect(cached.counts.errors).toBe(2);
  });
});
