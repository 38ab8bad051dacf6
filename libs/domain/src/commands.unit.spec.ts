import {
  COMMAND_BODY_SCHEMAS,
  COMMAND_DATA_SCHEMAS,
  COMMAND_ID_FIELDS,
  commandEntityId,
  commandStreamId,
  type DomainCommand,
} from './commands';
import { fundAllocated, SAMPLE_VILLAGE } from './testing/fixtures';

const allocationBody = {
  target: { type: 'village', id: SAMPLE_VILLAGE },
  villageCode: SAMPLE_VILLAGE,
  amountFen: 400_000,
  allocatedOn: '2024-02-01',
};

describe('a command body', () => {
  it('may leave out the id the server generates', () =>
    expect(COMMAND_BODY_SCHEMAS.AllocateFund.safeParse(allocationBody).success).toBe(true));

  it('may name the id itself', () =>
    expect(
      COMMAND_BODY_SCHEMAS.AllocateFund.safeParse({ ...allocationBody, allocationId: 'a-1' })
        .success,
    ).toBe(true));

  it.each([
    ['an unknown field', { ...allocationBody, note: 'x' }],
    ['fractional money', { ...allocationBody, amountFen: 10.5 }],
    ['zero money', { ...allocationBody, amountFen: 0 }],
    ['money above 10^13 fen', { ...allocationBody, amountFen: 10 ** 13 + 1 }],
    ['money as a string', { ...allocationBody, amountFen: '400000' }],
    ['an impossible date', { ...allocationBody, allocatedOn: '2024-02-30' }],
    ['a town code as village', { ...allocationBody, villageCode: '320826100' }],
    ['a malformed id', { ...allocationBody, allocationId: 'a b' }],
  ])('is rejected with %s', (_what, body) =>
    expect(COMMAND_BODY_SCHEMAS.AllocateFund.safeParse(body).success).toBe(false));

  it('for acknowledging carries no signer: the caller is the signer', () =>
    expect(COMMAND_BODY_SCHEMAS.AcknowledgeAlert.safeParse({ by: 'someone' }).success).toBe(false));
});

describe('command data', () => {
  it('requires the id that the body may leave out', () =>
    expect(
      COMMAND_DATA_SCHEMAS.AllocateFund.safeParse({ fundId: 'f1', ...allocationBody }).success,
    ).toBe(false));

  it('names an id field that every data schema has', () => {
    for (const [type, field] of Object.entries(COMMAND_ID_FIELDS)) {
      const schema = COMMAND_DATA_SCHEMAS[type as keyof typeof COMMAND_DATA_SCHEMAS];
      expect(Object.keys(schema.shape)).toContain(field);
    }
  });
});

describe('a decided command', () => {
  const allocate: DomainCommand = {
    type: 'AllocateFund',
    data: { fundId: 'f1', ...fundAllocated({ allocationId: 'a-7' }).data },
  };

  it('answers with the id of what it created', () =>
    expect(commandEntityId(allocate)).toBe('a-7'));

  it('goes to the stream of the entity it addresses', () =>
    expect(commandStreamId(allocate)).toBe('fund-f1'));

  it.each([
    [{ type: 'ExitPoverty', data: { householdId: 'h1', exitedOn: '2024-01-01' } }, 'household-h1'],
    [
      { type: 'ResumeProject', data: { projectId: 'p1', on: '2024-01-01', reason: 'ok' } },
      'project-p1',
    ],
    [{ type: 'AcknowledgeAlert', data: { alertId: 'x1', by: 'u1' } }, 'alert-x1'],
    [{ type: 'DefineRegion', data: { code: '320826', name: 'Lianshui' } }, 'region-320826'],
  ] as [DomainCommand, string][])('%j goes to %s', (command, streamId) =>
    expect(commandStreamId(command)).toBe(streamId));
});
