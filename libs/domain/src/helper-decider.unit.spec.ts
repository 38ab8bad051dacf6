import { helperDecider, type HelperEvent } from './helper-decider';
import type { HelperCommand } from './helper';
import { RegisterHelperBody } from './helper';
import { deciderSpec } from './testing/decider-spec';
import { OTHER_VILLAGE, SAMPLE_VILLAGE } from './testing/fixtures';

const registration = { name: '张伟', unit: '县财政局', villageCodes: [SAMPLE_VILLAGE] };
const registered: HelperEvent = { type: 'HelperRegistered', data: registration };
const register = (over: Partial<typeof registration> = {}): HelperCommand => ({
  type: 'RegisterHelper',
  data: { helperId: 'hp1', ...registration, ...over },
});

describe('a helper not yet registered', () => {
  it('is registered', () => {
    deciderSpec(helperDecider).when(register()).then([registered]);
  });
});

describe('a registered helper', () => {
  const given = deciderSpec(helperDecider, [registered]);

  it('registered again alike appends nothing', () => {
    given.when(register()).then([]);
  });

  it('registered with other villages is registered anew', () => {
    const villageCodes = [SAMPLE_VILLAGE, OTHER_VILLAGE];
    given.when(register({ villageCodes })).then([
      { type: 'HelperRegistered', data: { ...registration, villageCodes } },
    ]);
  });
});

describe('a helper registration body', () => {
  it('needs at least one village and distinct ones', () => {
    expect(RegisterHelperBody.safeParse({ ...registration, villageCodes: [] }).success).toBe(
      false,
    );
    const twice = { ...registration, villageCodes: [SAMPLE_VILLAGE, SAMPLE_VILLAGE] };
    expect(RegisterHelperBody.safeParse(twice).success).toBe(false);
    expect(RegisterHelperBody.safeParse({ ...registration, villageCodes: ['320826'] }).success)
      .toBe(false);
  });
});
