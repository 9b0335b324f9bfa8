import { AuditLogEntity } from '../audit/audit-log.entity';
import { BrandEntity, BrandMemberEntity } from '../brands/brand.entity';
import { OneTimeTokenEntity } from '../identity/one-time-token.entity';
import { SessionEntity } from '../identity/session.entity';
import { UserEntity } from '../identity/user.entity';
import { MailEntity } from '../mail/mail.entity';
import { OutboxEntity } from '../events/outbox.entity';
import { OutboxHandledEntity } from '../events/outbox.entity';
import { NotificationEntity } from '../notifications/notification.entity';
import { UploadEntity } from '../uploads/upload.entity';
import { PointsBalanceEntity, PointsEntryEntity, TierEntity } from '../loyalty/ledger.entity';
import * as LoyaltyRules from '../loyalty/rules.entity';
import { FORUM_ENTITIES } from '../forum/forum.entity';
import { ENGAGEMENT_ENTITIES } from '../engagement/engagement.entity';
import { RedemptionEntity, RewardClaimEntity, RewardCodeEntity, RewardEntity } from '../rewards/reward.entity';
import { CampaignEntity, CampaignPaymentEntity, CampaignPledgeEntity, CharityEntity, DonationEntity, PledgeCreditEntity } from '../charity/charity.entity';
import { ANALYTICS_ENTITIES } from '../analytics/analytics.entity';
import { SURVEY_ENTITIES } from '../surveys/survey.entity';
import { ChatBlockEntity, ChatChannelEntity, ChatChannelMemberEntity, ChatMessageEntity, ChatMuteEntity } from '../chat/chat.entity';

/** Every entity of the platform; the migration drift check compares them with migrations/. */
export const ENTITIES = [
  UserEntity,
  SessionEntity,
  OneTimeTokenEntity,
  BrandEntity,
  BrandMemberEntity,
  UploadEntity,
  MailEntity,
  AuditLogEntity,
  OutboxEntity,
  OutboxHandledEntity,
  NotificationEntity,
  PointsEntryEntity,
  PointsBalanceEntity,
  TierEntity,
  LoyaltyRules.LoyaltySettingsEntity,
  LoyaltyRules.EarningRuleEntity,
  LoyaltyRules.PointsCampaignEntity,
  LoyaltyRules.BadgeEntity,
  LoyaltyRules.BadgeGrantEntity,
  LoyaltyRules.StreakEntity,
  LoyaltyRules.ReferralEntity,
  LoyaltyRules.ContentStateEntity,
  LoyaltyRules.LeaderboardScoreEntity,
  LoyaltyRules.LeaderboardBucketEntity,
  ...FORUM_ENTITIES,
  ...ENGAGEMENT_ENTITIES,
  RewardEntity,
  RewardCodeEntity,
  RedemptionEntity,
  RewardClaimEntity,
  CharityEntity,
  CampaignEntity,
  CampaignPledgeEntity,
  PledgeCreditEntity,
  DonationEntity,
  CampaignPaymentEntity,
  ...ANALYTICS_ENTITIES,
  ...SURVEY_ENTITIES,
  ChatChannelEntity,
  ChatChannelMemberEntity,
  ChatMessageEntity,
  ChatMuteEntity,
  ChatBlockEntity,
];
