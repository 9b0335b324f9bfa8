import { createHash } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../common/errors';

const KEY = /^[A-Za-z0-9_:.-]{8,100}$/;

/**
 * The `Idempotency-Key` header of a write that spends value: 8–100 characters of
 * [A-Za-z0-9_:.-]. Keys are stored with the member and the route's own table, so one member's
 * key never meets another's, nor the same key on another route.
 */
export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext): unknown => ctx.switchToHttp().getRequest<FastifyRequest>().headers['idempotency-key']);

/**
 * Checks the header's value. Called in the handler, after the body was validated, so a bad body
 * is reported by its fields whatever the header.
 */
export function checkKey(raw: unknown): string {
  if (typeof raw !== 'string' || !raw) throw new AppError(400, 'errors.idempotency.required');
  if (!KEY.test(raw)) throw new AppError(400, 'errors.idempotency.invalid');
  return raw;
}

export const ApiIdempotencyKey = () => ApiHeader({ name: 'Idempotency-Key', required: true, description: '8–100 characters [A-Za-z0-9_:.-]; a retry returns the first result' });

/** Canonical JSON (sorted keys, undefined dropped) hashed: the identity of a request under a key. */
export function requestHash(value: unknown): string {
  const canon = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canon);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
          .sort()
          .map((k) => [k, canon((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return createHash('sha256').update(JSON.stringify(canon(value))).digest('hex');
}

/** The key was used before for a different request. */
export const keyReused = () => new AppError(422, 'errors.idempotency.mismatch');
