import type { DataSource, EntityManager } from 'typeorm';

export type Queryable = DataSource | EntityManager;

/**
 * Rows of a statement. TypeORM answers UPDATE/DELETE with `[rows, rowCount]` and everything
 * else with `rows`; this evens that out so `... RETURNING` reads the same for every command.
 */
export async function rows<T = Record<string, unknown>>(db: Queryable, text: string, params: unknown[] = []): Promise<T[]> {
  const res: unknown = await db.query(text, params);
  if (Array.isArray(res) && res.length === 2 && Array.isArray(res[0]) && typeof res[1] === 'number') return res[0] as T[];
  return res as T[];
}

export async function one<T = Record<string, unknown>>(db: Queryable, text: string, params: unknown[] = []): Promise<T | null> {
  return (await rows<T>(db, text, params))[0] ?? null;
}

/** Number of rows an UPDATE/DELETE touched. */
export async function affected(db: Queryable, text: string, params: unknown[] = []): Promise<number> {
  const res: unknown = await db.query(text, params);
  if (Array.isArray(res) && res.length === 2 && typeof res[1] === 'number') return res[1];
  return Array.isArray(res) ? res.length : 0;
}
