import { OutboxHandled1795614788225 } from './1795614788225-OutboxHandled';
import { LoyaltyLedger1795614377069 } from './1795614377069-LoyaltyLedger';
import { Notifications1795604478981 } from './1795604478981-Notifications';
import { Foundation1795603956864 } from './1795603956864-Foundation';
/** Every migration, in order. `npm run migration:generate -- Name` appends here. */
export const MIGRATIONS: Function[] = [
  Foundation1795603956864,
  Notifications1795604478981,
  LoyaltyLedger1795614377069,
  OutboxHandled1795614788225,
];
