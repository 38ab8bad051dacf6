import { Body, Controller, Inject, Module, Post } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { startTestPostgres, type TestPostgres } from '@sunshine/test-backends';
import { z } from 'zod';
import { Public, Roles } from '../auth/guard';
import { signToken } from '../auth/jwt';
import { loadConfig } from '../config/config';
import { createRuntime } from '../runtime/create-runtime';
import { type Runtime, RUNTIME } from '../runtime/runtime';
import { createHttpApp, JSON_BODY_LIMIT_BYTES } from './app';
import { parseBody } from './parse-body';

const SECRET = 'app-int-test-secret-0123456789';
const executions: string[] = [];

@Controller('api/test')
class CounterController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Post('counters')
  @Roles('finance')
  async create(@Body() body: unknown): Promise<{ id: string; n: number }> {
    const { name } = parseBody(z.strictObject({ name: z.string().max(100) }), body);
    executions.push(name);
    // Long enough that concurrent duplicates overlap with the first request.
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { id: name, n: executions.length };
  }

  @Post('echo')
  @Public()
  echo(@Body() body: unknown): unknown {
    return { size: JSON.stringify(body).length, at: this.runtime.clock().getTime() };
  }
}

@Module({ controllers: [CounterController] })
class CounterModule {}

let postgres: TestPostgres;
let runtime: Runtime;
let app: INestApplication;
let baseUrl: string;
const token = (role: 'finance' | 'registrar', sub = `${role}-1`) =>
  signToken({ sub, role, regions: ['320826'] }, SECRET);

beforeAll(async () => {
  postgres = await startTestPostgres();
  const config = loadConfig({
    EVENT_STORE: 'postgres', DATABASE_URL: postgres.url, SUNSHINE_JWT_SECRET: SECRET,
    LOG_LEVEL: 'silent',
  });
  runtime = await createRuntime(config);
  app = await createHttpApp([CounterModule], runtime);
  await app.listen(0, '127.0.0.1');
  baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
});
afterAll(async () => {
  await app.close();
  await runtime.close();
  await postgres.stop();
});

interface ErrorAnswer {
  error: { code: string; message: string; details: unknown[] };
}
const errorOf = async (response: Response) => (await response.json()) as ErrorAnswer;

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('the HTTP app', () => {
  const auth = { authorization: `Bearer ${token('finance')}` };

  it('answers 401 UNAUTHORIZED without a token and 403 FORBIDDEN for a wrong role', async () => {
    const none = await post('/api/test/counters', { name: 'x' });
    expect(none.status).toBe(401);
    expect((await errorOf(none)).error.code).toBe('UNAUTHORIZED');
    const wrong = await post('/api/test/counters', { name: 'x' },
      { authorization: `Bearer ${token('registrar')}` });
    expect(wrong.status).toBe(403);
    expect((await errorOf(wrong)).error.code).toBe('FORBIDDEN');
  });

  it('answers malformed JSON with 400 in the error format', async () => {
    const response = await post('/api/test/counters', '{"name": ', auth);
    expect(response.status).toBe(400);
    const body = await errorOf(response);
    expect(body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [] });
  });

  it('answers a body over the limit with 413', async () => {
    const big = { blob: 'x'.repeat(JSON_BODY_LIMIT_BYTES + 10) };
    const response = await post('/api/test/echo', big);
    expect(response.status).toBe(413);
    expect((await errorOf(response)).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers an unknown route with 404 NOT_FOUND', async () => {
    const response = await fetch(`${baseUrl}/api/nothing-here`);
    expect(response.status).toBe(404);
    expect((await errorOf(response)).error.code).toBe('NOT_FOUND');
  });

  it('answers validation failures with details', async () => {
    const response = await post('/api/test/counters', { name: 1, extra: true }, auth);
    expect(response.status).toBe(400);
    const { error } = await errorOf(response);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.length).toBeGreaterThanOrEqual(2);
  });
});

describe('Idempotency-Key', () => {
  const auth = { authorization: `Bearer ${token('finance', 'idem-user')}` };

  it('runs 10 concurrent requests with one key once and answers all alike', async () => {
    const before = executions.length;
    const responses = await Promise.all(Array.from({ length: 10 }, () =>
      post('/api/test/counters', { name: 'same' }, { ...auth, 'idempotency-key': 'k-conc' })));
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(executions.length - before).toBe(1);
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    for (const body of bodies) expect(body).toEqual(bodies[0]);
  });

  it('replays the first answer to a later retry and refuses another body with 409', async () => {
    const headers = { ...auth, 'idempotency-key': 'k-replay' };
    const first = await post('/api/test/counters', { name: 'r1' }, headers);
    const again = await post('/api/test/counters', { name: 'r1' }, headers);
    expect(again.status).toBe(first.status);
    expect(await again.json()).toEqual(await first.json());
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await post('/api/test/counters', { name: 'r2' }, headers);
    expect(other.status).toBe(409);
    expect((await errorOf(other)).error.code).toBe('IDEMPOTENCY_MISMATCH');
    expect(executions.filter((name) => name.startsWith('r'))).toEqual(['r1']);
  });

  it('lets a client retry a key whose first request failed', async () => {
    const headers = { ...auth, 'idempotency-key': 'k-failed' };
    expect((await post('/api/test/counters', { name: 3 }, headers)).status).toBe(400);
    expect((await post('/api/test/counters', { name: 'fixed' }, headers)).status).toBe(201);
  });

  it('scopes keys by caller: another user with the same key runs anew', async () => {
    const before = executions.length;
    const other = { authorization: `Bearer ${token('finance', 'other-user')}` };
    await post('/api/test/counters', { name: 'scoped' }, { ...auth, 'idempotency-key': 'k-s' });
    await post('/api/test/counters', { name: 'scoped' }, { ...other, 'idempotency-key': 'k-s' });
    expect(executions.length - before).toBe(2);
  });
});
