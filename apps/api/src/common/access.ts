import { SetMetadata, applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth } from '@nestjs/swagger';
import type { Role } from '@wala/contract';
import type { FastifyRequest } from 'fastify';
import type { AuthContext, AuthUser } from './auth-context';
import { unauthenticated } from './errors';

/**
 * Every route declares who may call it. A route without a policy is refused by the guard
 * (fail closed), and the authorization-matrix test fails on it.
 *  - public:  anyone; a session is read when present
 *  - member:  any signed-in member in good standing
 *  - roles:   signed-in with one of the roles (brand scopes are checked by the service on the object)
 */
export type AccessPolicy = { kind: 'public' } | { kind: 'member' } | { kind: 'roles'; roles: Role[] };
export const ACCESS_KEY = 'wala:access';

export const Public = () => applyDecorators(SetMetadata(ACCESS_KEY, { kind: 'public' } satisfies AccessPolicy));
export const Member = () =>
  applyDecorators(SetMetadata(ACCESS_KEY, { kind: 'member' } satisfies AccessPolicy), ApiCookieAuth(), ApiBearerAuth());
export const Roles = (...roles: Role[]) =>
  applyDecorators(SetMetadata(ACCESS_KEY, { kind: 'roles', roles } satisfies AccessPolicy), ApiCookieAuth(), ApiBearerAuth());

type WithAuth = FastifyRequest & { auth?: AuthContext };

/** The signed-in member (routes with Member/Roles policies always have one). */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  const req = ctx.switchToHttp().getRequest<WithAuth>();
  if (!req.auth) throw unauthenticated();
  return req.auth.user;
});

/** The signed-in member or null (public routes). */
export const OptionalUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser | null => {
  return ctx.switchToHttp().getRequest<WithAuth>().auth?.user ?? null;
});

export const CurrentAuth = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthContext => {
  const req = ctx.switchToHttp().getRequest<WithAuth>();
  if (!req.auth) throw unauthenticated();
  return req.auth;
});

export function isStaff(user: Pick<AuthUser, 'role'> | null | undefined): boolean {
  return user?.role === 'admin' || user?.role === 'moderator';
}
