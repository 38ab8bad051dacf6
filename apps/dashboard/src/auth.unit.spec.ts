import { homeRegion, mayActOnAlerts, sessionOf } from './auth';

function tokenWith(claims: object): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}.signature`;
}

const NOW_MS = Date.UTC(2026, 0, 1);
const inAnHour = NOW_MS / 1000 + 3600;

describe('sessionOf', () => {
  it('reads the caller from the claims of a token', () => {
    const token = tokenWith({ sub: 'u1', role: 'auditor', regions: ['32'], exp: inAnHour });
    expect(sessionOf(`  ${token}\n`, NOW_MS)).toEqual({
      token,
      sub: 'u1',
      role: 'auditor',
      regions: ['32'],
    });
  });

  it('refuses expired, malformed and unknown-role tokens', () => {
    const expired = tokenWith({ sub: 'u1', role: 'finance', regions: [], exp: NOW_MS / 1000 });
    expect(sessionOf(expired, NOW_MS)).toBeUndefined();
    expect(sessionOf('not-a-token', NOW_MS)).toBeUndefined();
    expect(sessionOf('a.!!!.c', NOW_MS)).toBeUndefined();
    const chief = tokenWith({ sub: 'u1', role: 'chief', regions: [], exp: inAnHour });
    expect(sessionOf(chief, NOW_MS)).toBeUndefined();
  });

  it('keeps Chinese text in the claims intact', () => {
    const token = tokenWith({ sub: '审计员', role: 'auditor', regions: [], exp: inAnHour });
    expect(sessionOf(token, NOW_MS)?.sub).toBe('审计员');
  });
});

describe('homeRegion and alert actions', () => {
  const session = (role: 'auditor' | 'finance' | 'admin', regions: string[]) => ({
    token: 't',
    sub: 's',
    role,
    regions,
  });

  it('starts in the first county-or-smaller region, else the fallback', () => {
    expect(homeRegion(session('finance', ['3208', '320826100']), '320826')).toBe('320826100');
    expect(homeRegion(session('auditor', ['32']), '320826')).toBe('320826');
  });

  it('lets only auditors and administrators act on alerts', () => {
    expect(mayActOnAlerts(session('auditor', []))).toBe(true);
    expect(mayActOnAlerts(session('admin', []))).toBe(true);
    expect(mayActOnAlerts(session('finance', []))).toBe(false);
    expect(mayActOnAlerts(undefined)).toBe(false);
  });
});
