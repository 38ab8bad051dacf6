import { PROJECT_STAGES } from '@sunshine/domain';
import {
  startTestApp,
  TEST_APP_BOOT_TIMEOUT_MS,
  TEST_APP_STORES,
  TEST_HTTP_TIMEOUT_MS,
  type TestApp,
  type TestResponse,
} from '@sunshine/testing';
import { ProjectsServiceModule } from '../projects-service.module';

const COUNTY = '320826';
const VILLAGE = '320826100201';
const OTHER_COUNTY = '320830';

const projectBody = (overrides: Record<string, unknown> = {}) => ({
  name: '光伏扶贫电站',
  villageCode: VILLAGE,
  kind: 'photovoltaic',
  budgetFen: 50_000_000,
  registeredOn: '2024-01-05',
  ...overrides,
});

/** Stage n (1-based after survey) is entered on day n of March 2024. */
const stageBody = (stage: string, day: number) => ({
  stage,
  advancedOn: `2024-03-${String(day).padStart(2, '0')}`,
  evidence: [{ docId: `doc-${stage}`, sha256: 'a'.repeat(64) }],
});

function expectAnswer(response: TestResponse, status: number, code?: string): void {
  const body = code ? { error: expect.objectContaining({ code }) } : expect.anything();
  expect({ status: response.status, body: response.body }).toEqual({ status, body });
}

jest.setTimeout(TEST_HTTP_TIMEOUT_MS);

describe.each(TEST_APP_STORES)('the project lifecycle over HTTP (%s store)', (store) => {
  let app: TestApp;
  let manager: string;

  beforeAll(async () => {
    app = await startTestApp({ store, modules: (rt) => [ProjectsServiceModule.register(rt)] });
    manager = app.token('project_manager', [COUNTY]);
  }, TEST_APP_BOOT_TIMEOUT_MS);
  afterAll(async () => app?.close());

  const post = (path: string, body: unknown, token = manager) =>
    app.request('POST', path, { token, body });

  async function register(overrides: Record<string, unknown> = {}): Promise<string> {
    const answer = await post('/api/projects', projectBody(overrides));
    expectAnswer(answer, 201);
    return (answer.body as { id: string }).id;
  }

  const stages = (id: string) => `/api/projects/${id}/stages`;

  async function advanceTo(projectId: string, last: string): Promise<void> {
    for (const [index, stage] of PROJECT_STAGES.slice(1).entries()) {
      expectAnswer(await post(stages(projectId), stageBody(stage, index + 1)), 201);
      if (stage === last) return;
    }
  }

  it('advances every stage to acceptance, then records and distributes income', async () => {
    const id = await register({ projectId: 'pv-1' });
    await advanceTo(id, 'acceptance');
    const income = await post(`/api/projects/${id}/income`, {
      amountFen: 30_000,
      earnedOn: '2024-04-01',
    });
    expect(income.body).toEqual({ id, streamId: `project-${id}`, version: 9 });
    const shares = [
      { householdId: 'hh-1', amountFen: 20_000 },
      { householdId: 'hh-2', amountFen: 10_000 },
    ];
    const distributions = `/api/projects/${id}/income-distributions`;
    const distributed = await post(distributions, { distributedOn: '2024-04-15', shares });
    expect(distributed.body).toEqual({ id, streamId: `project-${id}`, version: 10 });
    const over = await post(distributions, {
      distributedOn: '2024-04-16',
      shares: [{ householdId: 'hh-1', amountFen: 1 }],
    });
    expectAnswer(over, 422, 'INSUFFICIENT_FUNDS');
    const events = await app.runtime.store.readStream(`project-${id}`);
    expect(events.at(-1)).toMatchObject({
      type: 'ProjectIncomeDistributed',
      occurredOn: '2024-04-15',
      actor: { sub: 'project_manager-user', role: 'project_manager' },
    });
  });

  it('refuses a skipped stage or an early distribution with INVALID_STAGE', async () => {
    const id = await register();
    const head = await app.runtime.store.headPosition();
    expectAnswer(await post(stages(id), stageBody('application', 2)), 422, 'INVALID_STAGE');
    expectAnswer(await post(stages(id), stageBody('survey', 2)), 422, 'INVALID_STAGE');
    await post(`/api/projects/${id}/income`, { amountFen: 5_000, earnedOn: '2024-02-01' });
    const early = await post(`/api/projects/${id}/income-distributions`, {
      distributedOn: '2024-02-10',
      shares: [{ householdId: 'hh-1', amountFen: 1_000 }],
    });
    expectAnswer(early, 422, 'INVALID_STAGE');
    expect(await app.runtime.store.headPosition()).toBe(head + 1);
  });

  it('suspends, resumes and cancels, refusing to advance while suspended', async () => {
    const id = await register();
    const change = (route: string, on: string) =>
      post(`/api/projects/${id}/${route}`, { on, reason: `${route} for a reason` });
    expectAnswer(await change('suspend', '2024-02-01'), 201);
    expectAnswer(await post(stages(id), stageBody('feasibility', 2)), 422, 'INVALID_STATE');
    expectAnswer(await change('resume', '2024-02-10'), 201);
    expectAnswer(await post(stages(id), stageBody('feasibility', 3)), 201);
    expectAnswer(await change('cancel', '2024-03-10'), 201);
    const late = { amountFen: 1, earnedOn: '2024-03-11' };
    expectAnswer(await post(`/api/projects/${id}/income`, late), 422, 'INVALID_STATE');
  });

  it('answers 404 for an unknown project, 409 for an existing one, 400 for bad input', async () => {
    expectAnswer(await post(stages('ghost'), stageBody('feasibility', 1)), 404, 'NOT_FOUND');
    await register({ projectId: 'pv-dup' });
    const duplicate = projectBody({ projectId: 'pv-dup' });
    expectAnswer(await post('/api/projects', duplicate), 409, 'ALREADY_EXISTS');
    const fractional = projectBody({ budgetFen: 1.5 });
    expectAnswer(await post('/api/projects', fractional), 400, 'VALIDATION_FAILED');
    const impossible = projectBody({ registeredOn: '2023-02-29' });
    expectAnswer(await post('/api/projects', impossible), 400, 'VALIDATION_FAILED');
    const badHash = { ...stageBody('feasibility', 1), evidence: [{ docId: 'd', sha256: 'x' }] };
    expectAnswer(await post(stages('pv-dup'), badHash), 400, 'VALIDATION_FAILED');
  });

  it('lets only project managers of the village\'s region write', async () => {
    const id = await register();
    const body = stageBody('feasibility', 1);
    const finance = app.token('finance', [COUNTY]);
    expectAnswer(await post('/api/projects', projectBody(), finance), 403, 'FORBIDDEN');
    const elsewhere = app.token('project_manager', [OTHER_COUNTY]);
    expectAnswer(await post('/api/projects', projectBody(), elsewhere), 403, 'FORBIDDEN');
    expectAnswer(await post(stages(id), body, elsewhere), 403, 'FORBIDDEN');
    expectAnswer(await app.request('POST', stages(id), { body }), 401, 'UNAUTHORIZED');
    expectAnswer(await post(stages(id), body, app.token('admin', [])), 201);
  });
});
