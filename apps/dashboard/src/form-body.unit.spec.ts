import { AdvanceProjectStageBody, PayHouseholdBody, RegisterHouseholdBody } from '@sunshine/domain';
import { titleOf } from './errors';
import { apiFieldErrors, build, type FieldSpec, initialValues, schemaErrors } from './form-body';
import { distributionFields, householdFields, paymentFields, stageFields } from './forms';

const ALLOCATIONS = [['a-1', 'a-1 · 320826100200'] as const];

describe('a form body', () => {
  const fields = paymentFields(ALLOCATIONS);
  const typed = {
    ...initialValues(fields),
    householdId: 'h-1',
    amountFen: '1,234.50',
    paidOn: '2025-03-01',
    voucherNo: 'V-1',
  };

  it('is built in fen with nested and optional fields as the API expects', () => {
    const { body, errors } = build(fields, typed);
    expect(errors).toEqual({});
    expect(body).toEqual({
      allocationId: 'a-1', householdId: 'h-1', amountFen: 123_450, paidOn: '2025-03-01',
      channel: '一卡通', voucherNo: 'V-1',
    });
    expect(PayHouseholdBody.safeParse(body).success).toBe(true);
  });

  it('names the field of a malformed amount and of a missing required value', () => {
    const { errors } = build(fields, { ...typed, amountFen: '12.345', voucherNo: ' ' });
    expect(Object.keys(errors).sort()).toEqual(['amountFen', 'voucherNo']);
    expect(errors.amountFen).toMatch(/以元为单位/);
  });

  it('is refused by the command schema where the API would refuse it, beside the field', () => {
    const register = householdFields('320826100200');
    const { body } = build(register, {
      ...initialValues(register), headName: '王建华', idNumber: '32082619900101123', members: '0',
    });
    const parsed = RegisterHouseholdBody.safeParse(body);
    expect(parsed.success).toBe(false);
    const errors = schemaErrors(register, parsed.error!.issues);
    expect(Object.keys(errors).sort()).toEqual(['idNumber', 'members']);
  });

  it('reads evidence and income shares line by line and names a bad line', () => {
    const sha = 'ab'.repeat(32);
    const stage = stageFields('feasibility');
    const built = build(stage, { ...initialValues(stage), evidence: `可研报告.pdf ${sha}\n\n` });
    expect(built.body.evidence).toEqual([{ docId: '可研报告.pdf', sha256: sha }]);
    expect(AdvanceProjectStageBody.safeParse(built.body).success).toBe(true);
    const shares = distributionFields();
    const bad = build(shares, { ...initialValues(shares), shares: 'h-1 10\nh-2 ten' });
    expect(bad.errors.shares).toMatch(/^第 2 行/);
    const good = build(shares, { ...initialValues(shares), shares: 'h-1 10\nh-2 0.5' });
    expect(good.body.shares).toEqual([
      { householdId: 'h-1', amountFen: 1000 },
      { householdId: 'h-2', amountFen: 50 },
    ]);
  });

  it('places the details of an API refusal beside the fields they name', () => {
    const withPayee: FieldSpec[] = [
      { name: 'payee.name', label: '收款方名称', kind: 'text' },
      { name: 'amountFen', label: '金额', kind: 'money' },
    ];
    const errors = apiFieldErrors(withPayee, {
      code: 'VALIDATION_FAILED', title: '', details: [
        { path: 'payee.name', message: 'too long' },
        { path: 'amountFen', message: 'must be positive' },
        { message: 'no field' },
      ],
    });
    expect(errors).toEqual({ 'payee.name': 'too long', amountFen: 'must be positive' });
  });
});

describe('error messages', () => {
  it('say every error code of the API in Chinese', () => {
    const codes = [
      'VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'ALREADY_EXISTS',
      'CONCURRENCY_CONFLICT', 'IDEMPOTENCY_MISMATCH', 'INSUFFICIENT_FUNDS', 'INVALID_STAGE',
      'INVALID_STATE', 'PAYLOAD_TOO_LARGE', 'TOO_MANY_REQUESTS', 'SAME_USER', 'NOT_ASSIGNED',
      'STREAM_TAMPERED', 'NETWORK', 'TIMEOUT',
    ];
    const titles = codes.map((code) => titleOf(code));
    for (const title of titles) expect(title).toMatch(/[\u4e00-\u9fff]/);
    expect(new Set(titles).size).toBe(codes.length);
    expect(titleOf('SOMETHING_NEW', 503)).toBe(titleOf('INTERNAL'));
  });
});
