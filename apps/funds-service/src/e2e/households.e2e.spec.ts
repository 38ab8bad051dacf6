import {
  startTestApp,
  TEST_APP_BOOT_TIMEOUT_MS,
  TEST_APP_STORES,
  TEST_HTTP_TIMEOUT_MS,
  type TestApp,
} from '@sunshine/testing';
import { FundsServiceModule } from '../funds-service.module';
import { COUNTY, created, expectError, householdBody, VILLAGE } from './fixtures';

const incomeBody = (overrides: Record<string, unknown> = {}) => ({
  period: '2024Q2',
  wagesFen: 300_000,
  businessFen: 0,
  propertyFen: 0,
  transferFen: 200_000,
  otherFen: 0,
  oneOffTransfers: [{ kind: 'medical_reimbursement', amountFen: 150_000 }],
  recordedOn: '2024-07-05',
  ...overrides,
});

jest.setTimeout(TEST_HTTP_TIMEOUT_MS);

describe.each(TEST_APP_STORES)('the household registry over HTTP (%s store)', (store) => {
  let app: TestApp;
  let registrar: string;

  beforeAll(async () => {
    app = await startTestApp({ store, modules: (rt) => [FundsServiceModule.register(rt)] });
    registrar = app.token('registrar', [COUNTY]);
  }, TEST_APP_BOOT_TIMEOUT_MS);
  afterAll(async () => app?.close());

  const post = (path: string, body: unknown) =>
    app.request('POST', path, { token: registrar, body });

  it('walks a household through its life, one event per command', async () => {
    const household = created(await post('/api/households', householdBody()));
    expect(household.streamId).toBe(`household-${household.id}`);
    expect(JSON.stringify(household)).not.toContain(householdBody().idNumber);
    const base = `/api/households/${household.id}`;
    const steps: [string, unknown][] = [
      ['incomes', incomeBody()],
      ['exit', { exitedOn: '2024-09-30' }],
      ['return-to-poverty', { returnedOn: '2025-01-15', reason: 'illness' }],
      ['deregister', { deregisteredOn: '2025-03-01', reason: 'moved away' }],
      ['cross-check-hits', { source: 'vehicle', detail: 'owns a car', recordedOn: '2025-03-02' }],
    ];
    for (const [index, [route, body]] of steps.entries()) {
      const answer = created(await post(`${base}/${route}`, body));
      const { id, streamId } = household;
      expect(answer).toEqual({ id, streamId, version: 2 + index });
    }
    const events = await app.runtime.store.readStream(household.streamId);
    expect(events.map((e) => [e.type, e.occurredOn])).toEqual([
      ['HouseholdRegistered', '2023-12-01'],
      ['HouseholdIncomeRecorded', '2024-07-05'],
      ['HouseholdExitedPoverty', '2024-09-30'],
      ['HouseholdReturnedToPoverty', '2025-01-15'],
      ['HouseholdDeregistered', '2025-03-01'],
      ['CrossCheckHitRecorded', '2025-03-02'],
    ]);
  });

  it('answers 409 to a household id that exists and 422 to an exit out of turn', async () => {
    const body = householdBody({ householdId: 'hh-x' });
    const household = created(await post('/api/households', body));
    expectError(await post('/api/households', body), 409,
      'ALREADY_EXISTS');
    const exit = `/api/households/${household.id}/exit`;
    created(await post(exit, { exitedOn: '2024-09-30' }));
    expectError(await post(exit, { exitedOn: '2024-10-30' }), 422, 'INVALID_STATE');
  });

  it('answers 400 when the one-off transfers exceed the transfer income', async () => {
    const body = householdBody({ villageCode: VILLAGE });
    const household = created(await post('/api/households', body));
    const income = incomeBody({ transferFen: 100_000 });
    expectError(await post(`/api/households/${household.id}/incomes`, income), 400,
      'VALIDATION_FAILED');
  });

  it.each([
    ['incomes', incomeBody()],
    ['exit', { exitedOn: '2024-09-30' }],
    ['return-to-poverty', { returnedOn: '2025-01-15', reason: 'illness' }],
    ['deregister', { deregisteredOn: '2025-03-01', reason: 'moved away' }],
    ['cross-check-hits', { source: 'tax', detail: 'runs a company', recordedOn: '2025-03-02' }],
  ])('answers 404 to %s of an unknown household', async (route, body) => {
    expectError(await post(`/api/households/nobody/${route}`, body), 404, 'NOT_FOUND');
  });
});
