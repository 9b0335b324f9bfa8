import { Str } from '../common/validation';

/** A room of a registered kind, e.g. `{ kind: 'topic', id: '42' }` → room `topic:42`. */
export class RoomDto {
  @Str({ min: 1, max: 32, pattern: /^[a-z][a-z0-9-]*$/ })
  kind!: string;

  @Str({ min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/ })
  id!: string;
}
