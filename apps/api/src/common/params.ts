import { Injectable, Param, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { invalidFields } from './errors';

/** A positive integer id in the path; arrays, negatives, text or SQL fragments are a 400. */
@Injectable()
export class ParseIdPipe implements PipeTransform<unknown, number> {
  constructor(private readonly field = 'id') {}
  transform(value: unknown): number {
    if (typeof value !== 'string' || !/^[1-9]\d{0,15}$/.test(value) || !Number.isSafeInteger(Number(value))) {
      throw invalidFields([{ field: this.field, code: 'isId' }]);
    }
    return Number(value);
  }
}

/** `@IdParam('id') id: number` — parsed, validated and documented. */
export const IdParam = (name = 'id') => Param(name, new ParseIdPipe(name));
export const ApiId = (name = 'id') => applyDecorators(ApiParam({ name, type: Number, description: `${name} (positive integer)` }));

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;

/** `?limit=` clamped to 1..100 (a huge value is not an error, it is simply capped). */
export function clampLimit(raw: unknown, def = DEFAULT_LIMIT): number {
  const n = typeof raw === 'string' && /^\d{1,12}$/.test(raw) ? Number(raw) : typeof raw === 'number' ? raw : def;
  if (!Number.isFinite(n) || n < 1) return def;
  return Math.min(Math.floor(n), MAX_LIMIT);
}

/** Opaque keyset cursors: base64url JSON of the last row's sort key. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(raw: unknown, shape: ('number' | 'string')[]): unknown[] | null {
  if (raw === undefined || raw === null || raw === '') return null;
  if (typeof raw !== 'string' || raw.length > 200) throw invalidFields([{ field: 'cursor', code: 'default' }]);
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== shape.length || v.some((x, i) => typeof x !== shape[i])) throw new Error('shape');
    return v;
  } catch {
    throw invalidFields([{ field: 'cursor', code: 'default' }]);
  }
}

/**
 * A page from rows fetched with `LIMIT limit + 1`: the extra row only tells that there is more,
 * and the cursor is the sort key of the last row kept.
 */
export function toPage<R, T>(found: R[], limit: number, map: (r: R) => T, key: (r: R) => unknown[]): { items: T[]; nextCursor: string | null } {
  const kept = found.slice(0, limit);
  return { items: kept.map(map), nextCursor: found.length > limit && kept.length ? encodeCursor(key(kept[kept.length - 1])) : null };
}
