import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@sunshine/domain';
import { AuthGuard, type AuthenticatedRequest, Public, Roles } from './guard';
import { signToken } from './jwt';
import { assertRegionAccess, type Principal } from './principal';

const SECRET = 'guard-test-secret-0123456789';

class Routes {
  @Roles('finance')
  financeOnly(): void {}

  @Public()
  open(): void {}

  anyone(): void {}
}

function contextFor(handler: keyof Routes, authorization?: string) {
  const request = { headers: { authorization } } as unknown as AuthenticatedRequest;
  const context = {
    getType: () => 'http',
    getHandler: () => Routes.prototype[handler],
    getClass: () => Routes,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
  return { context, request };
}

const guard = new AuthGuard(new Reflector(), SECRET);
const bearer = (principal: Principal, secret = SECRET) => `Bearer ${signToken(principal, secret)}`;

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
}

describe('AuthGuard', () => {
  const finance: Principal = { sub: 'u1', role: 'finance', regions: ['320826'] };

  it('refuses a protected route without a token as UNAUTHORIZED', () => {
    expect(codeOf(() => guard.canActivate(contextFor('anyone').context))).toBe('UNAUTHORIZED');
  });

  it('refuses a token signed with another secret as UNAUTHORIZED', () => {
    const { context } = contextFor('anyone', bearer(finance, 'another-secret-0123456789'));
    expect(codeOf(() => guard.canActivate(context))).toBe('UNAUTHORIZED');
  });

  it('lets a valid token in and exposes the principal', () => {
    const { context, request } = contextFor('anyone', bearer(finance));
    expect(guard.canActivate(context)).toBe(true);
    expect(request.principal).toEqual(finance);
  });

  it('refuses a role the route does not allow as FORBIDDEN', () => {
    const registrar: Principal = { sub: 'u2', role: 'registrar', regions: ['320826'] };
    const { context } = contextFor('financeOnly', bearer(registrar));
    expect(codeOf(() => guard.canActivate(context))).toBe('FORBIDDEN');
  });

  it('always lets admin through a role check', () => {
    const admin: Principal = { sub: 'root', role: 'admin', regions: [] };
    expect(guard.canActivate(contextFor('financeOnly', bearer(admin)).context)).toBe(true);
  });

  it('lets anyone call a public route and ignores a bad token there', () => {
    expect(guard.canActivate(contextFor('open').context)).toBe(true);
    const { context, request } = contextFor('open', 'Bearer not-a-jwt');
    expect(guard.canActivate(context)).toBe(true);
    expect(request.principal).toBeUndefined();
  });
});

describe('assertRegionAccess', () => {
  it('allows codes inside a prefix and refuses others as FORBIDDEN', () => {
    const auditor: Principal = { sub: 'a', role: 'auditor', regions: ['3208'] };
    expect(codeOf(() => assertRegionAccess(auditor, '320826100201'))).toBeUndefined();
    expect(codeOf(() => assertRegionAccess(auditor, '320900'))).toBe('FORBIDDEN');
  });
});
