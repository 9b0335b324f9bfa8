import { Foundation1795602673518 } from './1795602673518-Foundation';
/** Every migration, in order. `npm run migration:generate -- Name` appends here. */
export const MIGRATIONS: Function[] = [
  Foundation1795602673518,
];
