import { types } from 'pg';

/**
 * `bigint` (int8) columns and COUNT(*) come back as JavaScript numbers, the same way on
 * PostgreSQL and on the embedded PGlite (both are read through node-postgres). Values beyond
 * 2^53 would lose precision, so they are refused loudly instead of silently rounded.
 */
let installed = false;
export function installPgTypeParsers(): void {
  if (installed) return;
  installed = true;
  types.setTypeParser(types.builtins.INT8, (v: string) => {
    const n = Number(v);
    if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${v} exceeds the safe integer range`);
    return n;
  });
  // timestamps stay Date objects (pg default); numeric stays a string (exact money maths in SQL).
}
