import { invalidFields } from '../common/errors';
import { ParseIdPipe } from '../common/params';

/** An optional id in the query string (`?brandId=`). */
export function optionalId(raw: unknown, field: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  return new ParseIdPipe(field).transform(raw);
}

/** An optional query value that must be one of `values` (`?status=`, `?when=`). */
export function optionalOneOf<T extends string>(raw: unknown, field: string, values: readonly T[]): T | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (values.includes(raw as T)) return raw as T;
  throw invalidFields([{ field, code: 'isIn' }]);
}

export const optionalStatus = (raw: unknown) => optionalOneOf(raw, 'status', ['pending', 'approved', 'rejected'] as const);
