import fc from 'fast-check';
import { FundsServiceModule } from '@sunshine/funds-service';
import { startTestApp, type TestApp } from '@sunshine/testing';
import { LedgerProjectorModule } from '../ledger-projector.module';

const COUNTY = '320826';
const TOWN = '320826100';
const PROPERTY_RUNS = 12;
const PROJECTION_WAIT_MS = 15_000;
/** Jest applies its 5 s default unless a test names its own limit. */
const TEST_TIMEOUT_MS = 180_000;

const cjk = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((code) => String.fromCharCode(code));
/**
 * Names of two characters or more (a one-character name is its own masked form), in Han
 * characters, which no key or fixed value of the answers contains.
 */
const headName = fc.array(cjk, { minLength: 2, maxLength: 6 }).map((chars) => chars.join(''));
const idNumber = fc
  .tuple(fc.stringMatching(/^\d{17}$/), fc.constantFrom(...'0123456789X'))
  .map(([digits, check]) => `${digits}${check}`);
const households = fc.array(fc.record({ headName, idNumber }), { minLength: 1, maxLength: 4 });

async function post(app: TestApp, path: string, token: string, body: unknown): Promise<string> {
  const response = await app.request('POST', path, { token, body });
  if (response.status !== 201) throw new Error(`${path}: ${JSON.stringify(response.body)}`);
  return (response.body as { id: string }).id;
}

async function waitForPayments(app: TestApp, village: string, count: number) {
  const deadline = Date.now() + PROJECTION_WAIT_MS;
  for (;;) {
    const response = await app.request('GET', `/api/public/villages/${village}?asOf=2024-12-31`);
    const payments = (response.body as { payments?: unknown[] }).payments ?? [];
    if (payments.length >= count) return;
    if (Date.now() > deadline) throw new Error(`payments of ${village} were not projected`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('public routes', () => {
  let app: TestApp;
  let finance: string;
  let registrar: string;
  let fundId: string;
  let run = 0;

  beforeAll(async () => {
    app = await startTestApp({
      store: 'postgres',
      modules: (runtime) => [
        FundsServiceModule.register(runtime),
        LedgerProjectorModule.register(runtime),
      ],
    });
    finance = app.token('finance', [COUNTY]);
    registrar = app.token('registrar', [COUNTY]);
    fundId = await post(app, '/api/funds', finance, {
      name: '衔接资金',
      category: 'income_support',
      department: '财政局',
      level: 'province',
      fiscalYear: 2024,
      countyCode: COUNTY,
      amountFen: 100_000_000,
      receivedOn: '2024-01-10',
    });
  }, TEST_TIMEOUT_MS);
  afterAll(async () => app?.close(), TEST_TIMEOUT_MS);

  /** Registers the households in a fresh village and pays each of them once. */
  async function village(people: { headName: string; idNumber: string }[]): Promise<string> {
    run += 1;
    const code = `${TOWN}${String(200 + run).padStart(3, '0')}`;
    const allocationId = await post(app, `/api/funds/${fundId}/allocations`, finance, {
      target: { type: 'village', id: code },
      villageCode: code,
      amountFen: 1_000_000,
      allocatedOn: '2024-02-01',
    });
    for (const [index, person] of people.entries()) {
      const householdId = await post(app, '/api/households', registrar, {
        villageCode: code,
        members: 2,
        registeredOn: '2024-01-05',
        ...person,
      });
      await post(app, `/api/funds/${fundId}/household-payments`, finance, {
        allocationId,
        householdId,
        amountFen: 1_000 + index,
        paidOn: '2024-03-01',
        channel: 'bank',
        voucherNo: `P-${run}-${index}`,
      });
    }
    await waitForPayments(app, code, people.length);
    return code;
  }

  it('never answer an id number or an unmasked name', async () => {
    await fc.assert(
      fc.asyncProperty(households, async (people) => {
        const code = await village(people);
        const paths = [
          `/api/public/villages/${code}?asOf=2024-12-31`,
          `/api/public/regions/${code}/summary?asOf=2024-12-31`,
          `/api/public/regions/${TOWN}/summary?asOf=2024-12-31`,
          `/api/public/regions/${COUNTY}/summary`,
        ];
        for (const path of paths) {
          const response = await app.request('GET', path);
          expect(response.status).toBe(200);
          const json = JSON.stringify(response.body);
          for (const person of people) {
            expect(json).not.toContain(person.idNumber);
            expect(json).not.toContain(person.headName.trim());
          }
        }
        const page = await app.request('GET', paths[0]!);
        const names = (page.body as { payments: { householdName: string }[] }).payments.map(
          (payment) => payment.householdName,
        );
        expect(names.every((name) => name.includes('*'))).toBe(true);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  }, TEST_TIMEOUT_MS);
});
