import type { ChatChannel, ChatHistory, ChatMessage, ChatMute, ChatPerson, ChatPresence, Page } from '@wala/contract';
import { call } from '../api';

export const chatApi = {
  channels: (cursor?: string | null) =>
    call<Page<ChatChannel>>('GET', `/chat/channels?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  channel: (id: number) => call<ChatChannel>('GET', `/chat/channels/${id}`),
  since: (id: number, after: number) => call<ChatHistory>('GET', `/chat/channels/${id}/messages/since?after=${after}`),
  presence: (id: number) => call<ChatPresence>('GET', `/chat/channels/${id}/presence`),
  direct: (userId: number) => call<ChatChannel>('POST', '/chat/direct', { userId }),
  block: (userId: number) => call<void>('POST', '/chat/blocks', { userId }),
  blocks: () => call<ChatPerson[]>('GET', '/chat/blocks'),
  unblock: (userId: number) => call<void>('DELETE', `/chat/blocks/${userId}`),
  remove: (messageId: number) => call<ChatMessage>('DELETE', `/chat/messages/${messageId}`),
  /** moderators: mute a member in a channel for `minutes` */
  mute: (channelId: number, userId: number, minutes: number, reason?: string) =>
    call<{ userId: number; until: string }>('POST', `/chat/channels/${channelId}/mutes`, { userId, minutes, ...(reason ? { reason } : {}) }),
  /** moderators: who is muted in a channel now, the mute ending soonest first */
  mutes: (channelId: number, cursor?: string | null) =>
    call<Page<ChatMute>>('GET', `/chat/channels/${channelId}/mutes${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`),
  /** moderators: lift a member's mute early */
  unmute: (channelId: number, userId: number) => call<void>('DELETE', `/chat/channels/${channelId}/mutes/${userId}`),
  /** moderators: slow mode (0: off) and the channel's other settings */
  update: (channelId: number, patch: { slowModeSeconds?: number }) => call<ChatChannel>('PATCH', `/chat/channels/${channelId}`, patch),
};

/** Every channel the member may see (a few pages at most). */
export async function allChannels(): Promise<ChatChannel[]> {
  const out: ChatChannel[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 10; i++) {
    const page: Page<ChatChannel> = await chatApi.channels(cursor);
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}

/** A client message id: a retried send is stored once. */
export const newClientId = () => `w-${crypto.randomUUID().replace(/-/g, '')}`;
