/** Chat: channels, messages, presence (REST and socket payloads). */

export type ChatChannelKind = 'community' | 'brand' | 'event' | 'direct';

export interface ChatPerson {
  id: number;
  displayName: string;
}

export interface ChatChannel {
  id: number;
  kind: ChatChannelKind;
  brandId: number | null;
  eventId: number | null;
  name: string;
  nameAr: string;
  description: string;
  /** members below this tier rank cannot see the channel (0: everyone) */
  minTierRank: number;
  /** seconds a member waits between two messages (0: off; moderators are exempt) */
  slowModeSeconds: number;
  archived: boolean;
  /** the other member of a direct channel */
  peer: ChatPerson | null;
  /** messages after the caller's read position (capped at 100) */
  unread: number;
  lastMessageId: number | null;
  /** the caller may delete others' messages, mute members, set slow mode */
  canModerate: boolean;
  /** the caller is muted here until then */
  mutedUntil: string | null;
}

export interface ChatMessage {
  id: number;
  channelId: number;
  author: ChatPerson;
  /** null once deleted */
  body: string | null;
  clientId: string;
  mentions: number[];
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
}

/** A member muted in a channel, as its moderators see it. */
export interface ChatMute {
  user: ChatPerson;
  until: string;
  /** '' when the moderator gave none */
  reason: string;
  /** the moderator who muted (null once their account is gone) */
  by: ChatPerson | null;
}

export interface ChatPresence {
  channelId: number;
  online: ChatPerson[];
}

export interface ChatSendInput {
  channelId: number;
  body: string;
  /** a client-chosen id (unique per author): a retried send stores the message once */
  clientId: string;
  /** member ids mentioned (they are notified if they can see the channel) */
  mentions?: number[];
}

export interface ChatHistoryQuery {
  channelId: number;
  /** older than this message id (scrolling up) */
  before?: number;
  /** newer than this message id, oldest first (catching up after a reconnect) */
  after?: number;
  limit?: number;
}

export interface ChatHistory {
  items: ChatMessage[];
  /** more messages exist in the direction asked */
  more: boolean;
}
