import { invalidFields } from '../common/errors';
import { ParseIdPipe } from '../common/params';

/** An optional id in the query string (`?brandId=`). */
export function optionalId(raw: unknown, field: string): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  return new ParseIdPipe(field).transform(raw);
}

export function optionalStatus(raw: unknown): 'pending' | 'approved' | 'rejected' | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'pending' || raw === 'approved' || raw === 'rejected') return raw;
  throw invalidFields([{ field: 'status', code: 'isIn' }]);
}
