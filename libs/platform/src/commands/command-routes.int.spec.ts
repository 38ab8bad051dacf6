import {
  DeregisterHouseholdBody,
  DomainError,
  householdDecider,
  householdStreamId,
  notFound,
  RegisterHouseholdBody,
  type HouseholdCommand,
  type HouseholdEvent,
  type HouseholdState,
} from '@sunshine/domain';
import { PostgresEventStore } from '@sunshine/event-store';
import { startTestPostgres, type TestPostgres } from '@sunshine/test-backends';
import { assertRegionAccess, type Principal } from '../auth/principal';
import { CommandRoutes, type CommandCall } from './command-routes';

// Jest reads `testTimeout` only from the root config, not per project, so set it here.
jest.setTimeout(240_000);

const VILLAGE = '320826100201';
const registrar: Principal = { sub: 'reg-1', role: 'registrar', regions: ['320826'] };
const outsider: Principal = { sub: 'reg-2', role: 'registrar', regions: ['320830'] };
const meta = { correlationId: 'corr-1', causationId: 'req-1' };

const call = (body: unknown, principal = registrar): CommandCall => ({ body, principal, meta });
const registerBody = (householdId: string) => ({
  householdId,
  villageCode: VILLAGE,
  headName: '王小华',
  idNumber: '32082619800101123X',
  members: 3,
  registeredOn: '2023-12-01',
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
}

/** The village of a registered household; unknown is a 404, outside the regions a 403. */
function inRegion(state: HouseholdState, id: string, principal: Principal): string {
  if (state.status === 'unregistered') throw notFound('household', id);
  assertRegionAccess(principal, state.household.villageCode);
  return state.household.villageCode;
}

describe('CommandRoutes', () => {
  let server: TestPostgres;
  let store: PostgresEventStore;
  let routes: CommandRoutes<HouseholdState, HouseholdCommand, HouseholdEvent, string>;
  const seenVillages: string[] = [];

  const register = (body: unknown, principal?: Principal) =>
    routes.create(call(body, principal), {
      body: RegisterHouseholdBody,
      region: (data) => data.villageCode,
      occurredOn: (data) => data.registeredOn,
      command: (data) => ({
        type: 'RegisterHousehold',
        data: { ...data, householdId: data.householdId ?? 'generated' },
      }),
    });
  const deregister = (id: string, principal?: Principal) =>
    routes.update(call({ deregisteredOn: '2024-05-01', reason: 'moved' }, principal), id, {
      body: DeregisterHouseholdBody,
      occurredOn: (data) => data.deregisteredOn,
      command: (data, householdId) => ({
        type: 'DeregisterHousehold',
        data: { ...data, householdId },
      }),
      authorize: (village) => void seenVillages.push(village),
    });

  beforeAll(async () => {
    server = await startTestPostgres();
    store = await PostgresEventStore.connect({ connectionString: server.url });
    routes = new CommandRoutes({ store, decider: householdDecider, inRegion });
  });
  afterAll(async () => {
    await store.close();
    await server.stop();
  });

  it('creates an aggregate and answers its id, stream and version', async () => {
    await expect(register(registerBody('hh-create'))).resolves.toEqual({
      id: 'hh-create',
      streamId: householdStreamId('hh-create'),
      version: 1,
    });
    const [event] = await store.readStream(householdStreamId('hh-create'));
    expect(event).toMatchObject({
      actor: { sub: 'reg-1', role: 'registrar' },
      correlationId: 'corr-1',
      causationId: 'req-1',
      occurredOn: '2023-12-01',
    });
  });

  it('refuses a bad body and a region outside the caller before appending', async () => {
    expect(await codeOf(register({ ...registerBody('hh-bad'), members: 'three' }))).toBe(
      'VALIDATION_FAILED',
    );
    expect(await codeOf(register(registerBody('hh-outside'), outsider))).toBe('FORBIDDEN');
    await expect(store.readStream(householdStreamId('hh-outside'))).resolves.toEqual([]);
  });

  it('acts on an existing aggregate, checked on the state it is decided on', async () => {
    await register(registerBody('hh-update'));
    await expect(deregister('hh-update')).resolves.toMatchObject({ version: 2 });
    expect(seenVillages).toEqual([VILLAGE]);
  });

  it('answers a bad path id, an unknown aggregate and a foreign region by code', async () => {
    await register(registerBody('hh-foreign'));
    expect(await codeOf(deregister('not an id'))).toBe('VALIDATION_FAILED');
    expect(await codeOf(deregister('hh-missing'))).toBe('NOT_FOUND');
    expect(await codeOf(deregister('hh-foreign', outsider))).toBe('FORBIDDEN');
    await expect(store.readStream(householdStreamId('hh-foreign'))).resolves.toHaveLength(1);
  });
});
