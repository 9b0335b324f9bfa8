/** The earning actions an admin can attach rules to. */
export const EARNING_ACTIONS = [
  'topic.created',
  'post.replied',
  'reaction.received',
  'post.accepted',
  'post.featured',
  'member.visited',
  'chat.message_sent',
  'challenge.completed',
  'event.checked_in',
  'survey.answered',
  'referral.signed_up',
  'referral.first_post',
  'member.profile_completed',
  'member.birthday',
] as const;
export type EarningAction = (typeof EARNING_ACTIONS)[number];
