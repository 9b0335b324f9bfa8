import { ChallengeContributions1795646962631 } from './1795646962631-ChallengeContributions';
import { SearchStemming1795646725826 } from './1795646725826-SearchStemming';
import { ChatMuteReason1795646416091 } from './1795646416091-ChatMuteReason';
import { EngagementCancel1795638262558 } from './1795638262558-EngagementCancel';
import { BadgeHolders1795637107094 } from './1795637107094-BadgeHolders';
import { LoyaltyContentStates1795636511963 } from './1795636511963-LoyaltyContentStates';
import { OutboxPendingByType1795631646881 } from './1795631646881-OutboxPendingByType';
import { LoyaltyExpiry1795618159060 } from './1795618159060-LoyaltyExpiry';
import { Foundation1795603956864 } from './1795603956864-Foundation';
import { Notifications1795604478981 } from './1795604478981-Notifications';
import { LoyaltyLedger1795614377069 } from './1795614377069-LoyaltyLedger';
import { RewardsCharity1795614474931 } from './1795614474931-RewardsCharity';
import { Analytics1795614592232 } from './1795614592232-Analytics';
import { LoyaltyRules1795614706097 } from './1795614706097-LoyaltyRules';
import { OutboxHandled1795614788225 } from './1795614788225-OutboxHandled';
import { Engagement1795614818010 } from './1795614818010-Engagement';
import { Forum1795615047980 } from './1795615047980-Forum';
import { Chat1795615171424 } from './1795615171424-Chat';
/** Every migration, in order. `npm run migration:generate -- Name` appends here. */
export const MIGRATIONS: Function[] = [
  Foundation1795603956864,
  Notifications1795604478981,
  LoyaltyLedger1795614377069,
  RewardsCharity1795614474931,
  Analytics1795614592232,
  LoyaltyRules1795614706097,
  OutboxHandled1795614788225,
  Engagement1795614818010,
  Forum1795615047980,
  Chat1795615171424,
  LoyaltyExpiry1795618159060,
  OutboxPendingByType1795631646881,
  LoyaltyContentStates1795636511963,
  BadgeHolders1795637107094,
  EngagementCancel1795638262558,
  ChatMuteReason1795646416091,
  SearchStemming1795646725826,
  ChallengeContributions1795646962631,
];
