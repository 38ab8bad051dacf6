import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@sunshine/domain';
import type { Request } from 'express';
import { bearerToken, verifyToken } from './jwt';
import { assertRole, type Principal, type Role } from './principal';

/** Nest token of the HS256 secret the guard verifies with. */
export const JWT_SECRET = 'SUNSHINE_JWT_SECRET';

const PUBLIC_KEY = 'sunshine:public';
const ROLES_KEY = 'sunshine:roles';

/** The route needs no token (public API, health, metrics, docs, dashboard). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/** Only these roles may call the route; `admin` always may. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES_KEY, roles);

export interface AuthenticatedRequest extends Request {
  principal?: Principal;
}

/** The verified caller; throws UNAUTHORIZED on a public route called without a token. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal => {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!request.principal) throw new DomainError('UNAUTHORIZED', 'a bearer token is required');
    return request.principal;
  },
);

/** Reads the caller from a request the guard has passed, if any. */
export function principalOf(request: Request): Principal | undefined {
  return (request as AuthenticatedRequest).principal;
}

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(JWT_SECRET) private readonly secret: string,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true;
    const token = bearerToken(request.headers.authorization);
    if (isPublic) {
      // A public route still learns who called when a valid token came along; a bad token
      // is ignored there, because the route answers everyone anyway.
      if (token) request.principal = tryVerify(token, this.secret);
      return true;
    }
    if (!token) throw new DomainError('UNAUTHORIZED', 'a bearer token is required');
    const principal = verifyToken(token, this.secret);
    request.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles) assertRole(principal, roles);
    return true;
  }
}

function tryVerify(token: string, secret: string): Principal | undefined {
  try {
    return verifyToken(token, secret);
  } catch {
    return undefined;
  }
}
