import { AlertServiceModule } from '@sunshine/alert-service';
import { FundsServiceModule } from '@sunshine/funds-service';
import { LedgerProjectorModule } from '@sunshine/ledger-projector';
import { registeredRoutes, type RouteDoc } from '@sunshine/platform';
import { ProjectsServiceModule } from '@sunshine/projects-service';
import {
  startTestApp,
  TEST_APP_BOOT_TIMEOUT_MS,
  TEST_APP_STORES,
  type TestApp,
  type TestRequest,
} from '@sunshine/testing';
import fc from 'fast-check';
import { z } from 'zod';

/**
 * Hostile clients against every write route and query of the four services, on both
 * stores: generated JSON bodies that each carry something invalid, raw bytes under every
 * content coding, hostile path segments, query strings and headers. Whatever comes in, the
 * answer is below 500, carries no stack trace, and nothing is appended.
 */

const RUNS_PER_WRITE_ROUTE = 80;
const RAW_RUNS_PER_WRITE_ROUTE = 40;
const RUNS_PER_QUERY_ROUTE = 60;
const HEADER_RUNS = 200;
/** The suite's whole budget on both stores (boot included) is 2 minutes. */
const FUZZ_TIMEOUT_MS = 120_000;

const STACK_TRACE = /\n\s+at |\bat .+\.(ts|js):\d+|node_modules/;

/** Characters the service must refuse in any text it would store or query with. */
const HOSTILE_CHARACTERS = ['\u0000', '\ud800', '\udfff', '\u0007', '\u001b', '\u007f', '\u0085'];

const hostileText = fc
  .tuple(fc.string({ maxLength: 20 }), fc.constantFrom(...HOSTILE_CHARACTERS),
    fc.string({ maxLength: 20 }))
  .map(([before, bad, after]) => `${before}${bad}${after}`);

/** Path segments: plausible ids, percent-encoded control bytes, broken UTF-8, traversal. */
const pathSegment = fc.oneof(
  fc.constantFrom('f-1', 'hh-1', 'p-1', 'a-1', '320826', '320826100201', '1'),
  fc.constantFrom('%00', '%ED%A0%80', '%FF%FE', '..%2F..%2Fetc', '%E0%A4%A', 'a%0Ab', '%25'),
  fc.stringMatching(/^[A-Za-z0-9_-]{65,80}$/),
  fc.string({ maxLength: 30 }).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, ''))),
);

const queryValue = fc.oneof(
  hostileText,
  fc.string({ maxLength: 30 }),
  fc.constantFrom('2024-02-30', '9999-99-99', '-1', '1e309', 'NaN', '[]', '{}', ''),
  fc.stringMatching(/^\d{1,20}$/),
);

function fieldNames(schema: z.ZodType | undefined): string[] {
  if (!schema) return ['name', 'id'];
  const json = z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }) as {
    properties?: Record<string, unknown>;
  };
  const names = Object.keys(json.properties ?? {});
  return names.length > 0 ? names : ['name', 'id'];
}

/** Bodies that are JSON but never valid: each holds at least one hostile text or shape. */
function hostileBody(route: RouteDoc): fc.Arbitrary<unknown> {
  const fields = fieldNames(route.bodySchema);
  const field = fc.constantFrom(...fields);
  const anyJson = fc.jsonValue({ maxDepth: 3 });
  const withHostileField = fc
    .tuple(fc.dictionary(field, anyJson, { maxKeys: fields.length }), field, hostileText)
    .map(([base, name, bad]) => ({ ...base, [name]: bad }));
  const hostileNested = fc
    .tuple(field, anyJson, hostileText)
    .map(([name, inner, bad]) => ({ [name]: [inner, { note: bad }] }));
  const hostileKey = fc.tuple(hostileText, anyJson).map(([key, inner]) => ({ [key]: inner }));
  const deep = fc.integer({ min: 33, max: 4_000 }).map((depth) => ({ rawBody:
    `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` }));
  return fc.oneof(withHostileField, hostileNested, hostileKey, deep);
}

const rawBytes = fc.record({
  bytes: fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    fc.string({ maxLength: 100 }).map((s) => Buffer.concat([Buffer.from(`{"name":"${s}`),
      Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}')])),
  ),
  encoding: fc.constantFrom(undefined, 'identity', 'gzip', 'deflate', 'br', 'x-zip', 'gzip, br'),
  type: fc.constantFrom('application/json', 'application/json; charset=latin1',
    'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16'),
});

/** Fills `{id}` or `:id` path parameters. */
function pathWith(route: RouteDoc, segments: string[]): string {
  let index = 0;
  return route.path.replace(/\{[^}]+\}|:[A-Za-z]+/g, () => segments[index++ % segments.length]!);
}

jest.setTimeout(FUZZ_TIMEOUT_MS);

describe.each(TEST_APP_STORES)('fuzzing every route (%s store)', (store) => {
  let app: TestApp;
  let admin: string;
  let head: number;
  const counts = { tried: 0, passed: 0 };

  beforeAll(async () => {
    app = await startTestApp({
      store,
      modules: (runtime) => [
        FundsServiceModule.register(runtime),
        ProjectsServiceModule.register(runtime),
        LedgerProjectorModule.register(runtime),
        AlertServiceModule.register(runtime),
      ],
    });
    admin = app.token('admin', []);
    head = await app.runtime.store.headPosition();
  }, TEST_APP_BOOT_TIMEOUT_MS);

  afterAll(async () => {
    console.log(`fuzz (${store} store): ${counts.tried} requests tried, ${counts.passed} passed`);
    await app?.close();
  });

  /** Sends one request and checks the invariants; counts it. */
  async function expectHandled(method: string, path: string, request: TestRequest) {
    counts.tried += 1;
    const answer = await app.request(method, path, request);
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    if (answer.status >= 500 || STACK_TRACE.test(text ?? '')) {
      throw new Error(`${method} ${path} answered ${answer.status}: ${text?.slice(0, 300)}`);
    }
    const now = await app.runtime.store.headPosition();
    if (now !== head) throw new Error(`${method} ${path} appended (head ${head} -> ${now})`);
    counts.passed += 1;
  }

  const writeRoutes = () => registeredRoutes().filter((r) => r.method !== 'get');
  const queryRoutes = () => registeredRoutes().filter((r) => r.method === 'get');

  it('answers hostile JSON bodies on every write route below 500, appending nothing',
    async () => {
      expect(writeRoutes().length).toBeGreaterThanOrEqual(19);
      for (const route of writeRoutes()) {
        const segments = fc.array(pathSegment, { minLength: 1, maxLength: 3 });
        await fc.assert(fc.asyncProperty(segments, hostileBody(route), fc.boolean(),
          async (segs, body, keyed) => {
            const headers = keyed ? { 'idempotency-key': `fuzz-${counts.tried}` } : undefined;
            const request: TestRequest = typeof body === 'object' && body !== null &&
              'rawBody' in body ? { ...(body as { rawBody: string }), headers } : { body, headers };
            await expectHandled(route.method.toUpperCase(), pathWith(route, segs),
              { token: admin, ...request });
          }), { numRuns: RUNS_PER_WRITE_ROUTE });
      }
    });

  it('answers raw-byte bodies under any content coding and type below 500', async () => {
    for (const route of writeRoutes()) {
      await fc.assert(fc.asyncProperty(rawBytes, fc.boolean(), async (raw, authed) => {
        const headers: Record<string, string> = { 'content-type': raw.type };
        if (raw.encoding) headers['content-encoding'] = raw.encoding;
        await expectHandled(route.method.toUpperCase(), pathWith(route, ['f-1']), {
          token: authed ? admin : undefined,
          rawBody: raw.bytes,
          headers,
        });
      }), { numRuns: RAW_RUNS_PER_WRITE_ROUTE });
    }
  });

  it('answers hostile path segments and query strings on every query below 500', async () => {
    expect(queryRoutes().length).toBeGreaterThanOrEqual(10);
    for (const route of queryRoutes()) {
      const names = [...fieldNames(route.querySchema), 'asOf', 'region', 'limit', 'cursor'];
      const query = fc.dictionary(fc.constantFrom(...names), queryValue, { maxKeys: 4 });
      const segments = fc.array(pathSegment, { minLength: 1, maxLength: 3 });
      await fc.assert(fc.asyncProperty(segments, query, async (segs, params) => {
        const search = Object.entries(params)
          .map(([k, v]) => `${k}=${encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '%ED%A0%80'))}`)
          .join('&');
        await expectHandled('GET', `${pathWith(route, segs)}?${search}`, { token: admin });
      }), { numRuns: RUNS_PER_QUERY_ROUTE });
    }
  });

  it('answers any Authorization and Idempotency-Key header below 500', async () => {
    const headerText = fc.string({ maxLength: 300 }).map((s) =>
      s.replace(/[^\x20-\x7e]/g, ''));
    const token = fc.oneof(headerText, fc.constant(admin.slice(0, -2)),
      headerText.map((s) => `Bearer ${s}`), fc.constant(`Bearer ${admin}.x`));
    const route = fc.constantFrom(...writeRoutes(), ...queryRoutes());
    await fc.assert(fc.asyncProperty(route, token, headerText, async (r, auth, key) => {
      await expectHandled(r.method.toUpperCase(), pathWith(r, ['f-1']), {
        headers: { authorization: auth, 'idempotency-key': key },
        ...(r.method === 'get' ? {} : { body: { name: '\u0000' } }),
      });
    }), { numRuns: HEADER_RUNS });
  });
});
