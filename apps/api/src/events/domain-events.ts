/**
 * The typed domain events areas publish to each other: the contract between areas. Publish with
 * `Db.publish(em, type, payload)` inside the transaction of the action; subscribe with
 * `EventBus.on(type, 'subscriber-name', handler)`. Handlers must be idempotent (unique keys):
 * an event is delivered at least once.
 *
 * `brandId` is the brand the content belongs to (a brand's own category or channel), or null.
 */
export interface DomainEventMap {
  // identity
  'member.registered': { userId: number; referredById: number | null };
  'member.email_verified': { userId: number };
  'member.deleted': { userId: number };
  'member.role_changed': { userId: number; role: string; actorId: number };
  'member.suspended': { userId: number; until: string; actorId: number; reason: string };
  'member.profile_completed': { userId: number };
  'member.visited': { userId: number; day: string };

  // forum
  'topic.created': { topicId: number; postId: number; authorId: number; categoryId: number; brandId: number | null; tags: string[] };
  'post.created': {
    postId: number;
    topicId: number;
    authorId: number;
    categoryId: number;
    brandId: number | null;
    /** the member's first post anywhere (referral "made a first post") */
    isFirstPost: boolean;
    /** the topic's opening post (also published as topic.created) */
    isTopicStart: boolean;
    replyToPostId: number | null;
    replyToAuthorId: number | null;
    tags: string[];
  };
  /** content removed by a moderator or its author: its awards are reversed */
  'post.removed': { postId: number; topicId: number; authorId: number; reason: 'hidden' | 'deleted'; actorId: number | null };
  /** content restored after removal: may earn again (a new generation) */
  'post.restored': { postId: number; topicId: number; authorId: number; actorId: number | null };
  'post.accepted': { postId: number; topicId: number; authorId: number; acceptedById: number; brandId: number | null };
  /** an accepted answer was unaccepted (or replaced): the award for it is reversed */
  'post.unaccepted': { postId: number; topicId: number; authorId: number; actorId: number; brandId: number | null };
  'post.featured': { postId: number; authorId: number; actorId: number };
  'reaction.added': { postId: number; authorId: number; reactorId: number; reaction: string; categoryId: number; brandId: number | null };
  'reaction.removed': { postId: number; authorId: number; reactorId: number; reaction: string };

  // chat
  'chat.message_sent': { messageId: number; channelId: number; authorId: number; brandId: number | null };
  /** a message deleted by its author or a moderator: its award is reversed */
  'chat.message_deleted': { messageId: number; channelId: number; authorId: number; actorId: number; brandId: number | null };

  // loyalty
  'points.awarded': { userId: number; entryId: number; delta: number; rule: string | null; brandId: number | null };
  /** every ledger entry (awards, reversals, spends, refunds, donations, expiry, adjustments, releases): for reporting */
  'points.entry': {
    userId: number;
    entryId: number;
    kind: string;
    delta: number;
    pendingDelta: number;
    brandId: number | null;
    at: string;
    earnedDelta?: number;
    /** a reversal: when the entry it reverses was written (leaderboards count the reversal in that entry's period) */
    reversesAt?: string;
  };
  'tier.changed': { userId: number; fromTierId: number | null; toTierId: number | null; direction: 'up' | 'down' };
  'badge.granted': { userId: number; badgeId: number; grantId: number };

  // engagement
  'challenge.created': { challengeId: number; brandId: number | null; title: string };
  'event.created': { eventId: number; brandId: number | null; title: string; titleAr: string };
  'challenge.joined': { challengeId: number; userId: number; brandId: number | null };
  /** `points` and `badgeId` are the challenge's own rewards (granted by loyalty), `pledgeCampaignId` a brand pledge per completion */
  'challenge.completed': {
    challengeId: number;
    userId: number;
    brandId: number | null;
    completionId: number;
    points: number;
    badgeId: number | null;
    pledgeCampaignId: number | null;
  };
  'event.rsvped': { eventId: number; userId: number; status: 'going' | 'maybe' | 'not_going' | 'waitlist' };
  'event.checked_in': { eventId: number; userId: number; brandId: number | null; checkInId: number; points: number };
  'giveaway.entered': { giveawayId: number; userId: number; entryId: number; brandId: number | null };
  'giveaway.drawn': { giveawayId: number; brandId: number | null; winnerUserIds: number[] };
  'survey.answered': { surveyId: number; userId: number; brandId: number | null; participationId: number; points: number };

  // rewards and charity
  'reward.redeemed': { redemptionId: number; rewardId: number; userId: number; points: number; brandId: number | null };
  'donation.made': {
    donationId: number;
    campaignId: number;
    userId: number;
    points: number;
    amountMinor: number;
    currency: string;
    /** the campaign's brand, when it has one (analytics reports charity per brand) */
    brandId?: number | null;
  };
}

export type DomainEventType = keyof DomainEventMap;
