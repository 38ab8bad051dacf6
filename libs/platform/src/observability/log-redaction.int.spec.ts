import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Body, Controller, Inject, Module, Post } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { startTestPostgres, type TestPostgres } from '@sunshine/test-backends';
import { Public } from '../auth/guard';
import { loadConfig } from '../config/config';
import { createHttpApp } from '../http/app';
import { createRuntime } from '../runtime/create-runtime';
import { type Runtime, RUNTIME } from '../runtime/runtime';
import { createLogger } from './logger';

/**
 * Every line the runtime and its event store log while a write is refused by the database
 * (PostgreSQL quotes the start of the refused JSON in the error's `detail` and `where`) is
 * free of the event's data. The write reaches the database by a test route that adds a NUL
 * after validation, as a validation gap would.
 */

const HEAD_NAME = '王秘密华';
const ID_NUMBER = '320826199001011234';
const NOTE = 'private-note-7f3a';
const CONTACT = '13912345678-reporter';
const BOOT_TIMEOUT_MS = 120_000;

@Controller('api/test')
class LeakyController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Post('raw-append')
  @Public()
  async append(@Body() body: Record<string, unknown>): Promise<unknown> {
    const data = { ...body, headName: `${String(body.headName)}\u0000` };
    await this.runtime.store.append('household-leak', [{
      type: 'HouseholdRegistered',
      schemaVersion: 1,
      data,
      occurredOn: '2024-01-01',
      actor: { sub: 'tester', role: 'registrar' },
      correlationId: 'c-1',
      causationId: 'c-1',
    }], { expectedVersion: 'any' as never });
    return { appended: true };
  }
}

@Controller('api/test')
class ReportLoggingController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  /** Logs a public report the way a careless handler would (SPEC §12: contact never logged). */
  @Post('report')
  @Public()
  report(@Body() body: Record<string, unknown>): { logged: true } {
    this.runtime.logger.info({ report: body }, 'report received');
    this.runtime.logger.child({ contact: body.contact }).warn({ body }, 'report checked');
    return { logged: true };
  }
}

@Module({ controllers: [LeakyController, ReportLoggingController] })
class LeakyModule {}

describe.each(['postgres', 'embedded'] as const)('log lines of the %s store', (store) => {
  const lines: string[] = [];
  let postgres: TestPostgres | undefined;
  let dataDir: string;
  let runtime: Runtime;
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sunshine-log-redaction-'));
    postgres = store === 'postgres' ? await startTestPostgres() : undefined;
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString());
        callback();
      },
    });
    const config = loadConfig({
      EVENT_STORE: store,
      SUNSHINE_DATA_DIR: dataDir,
      ...(postgres ? { DATABASE_URL: postgres.url } : {}),
      SUNSHINE_JWT_SECRET: 'log-redaction-secret-0123456789',
    });
    const logger = createLogger({ level: 'trace', destination });
    runtime = await createRuntime(config, { logger });
    app = await createHttpApp([LeakyModule], runtime);
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await app?.close();
    await runtime?.close();
    await postgres?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }, BOOT_TIMEOUT_MS);

  it('writes no event data when the database refuses a write', async () => {
    const body = { headName: HEAD_NAME, idNumber: ID_NUMBER, note: NOTE, members: 3 };
    const response = await fetch(`${baseUrl}/api/test/raw-append`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(text).not.toContain(HEAD_NAME);
    expect(text).not.toMatch(/\bat .+\.(ts|js):\d+/);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const failure = records.find((record) => record.msg === 'unhandled error');
    // The database's own refusal was logged, with its code, but not what it refused.
    expect(failure).toMatchObject({ err: { code: expect.stringMatching(/^22/) } });
    expect(records.length).toBeGreaterThan(1);
    for (const line of lines) {
      expect(line).not.toContain(HEAD_NAME);
      expect(line).not.toContain(HEAD_NAME.slice(0, 2));
      expect(line).not.toContain(ID_NUMBER);
      expect(line).not.toContain(NOTE);
      expect(line).not.toContain('"detail"');
      expect(line).not.toContain('"where"');
    }
  });

  it('writes no public reporter\'s contact', async () => {
    const before = lines.length;
    const response = await fetch(`${baseUrl}/api/test/report`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ regionCode: '320826', text: '举报', contact: CONTACT }),
    });
    expect(response.status).toBe(201);
    const written = lines.slice(before);
    expect(written.join('')).toContain('report received');
    for (const line of written) expect(line).not.toContain(CONTACT);
  });
});
