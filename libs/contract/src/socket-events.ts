/**
 * The socket.io event map shared by the API gateway and the web client.
 * Client → server events always take an ack callback that receives `Ack<T>`.
 */
import type { ChatHistory, ChatHistoryQuery, ChatMessage, ChatPerson, ChatPresence, ChatSendInput } from './chat';

export type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; status: number } };

export interface NotificationEvent {
  id: number;
  kind: string;
  createdAt: string;
  data: Record<string, unknown>;
}

export interface PointsAwardedEvent {
  delta: number;
  balance: number;
  pending: number;
  reason: string;
}

export interface BadgeGrantedEvent {
  badgeId: number;
  name: string;
  nameAr: string;
}

export interface ChallengeProgressEvent {
  challengeId: number;
  steps: number[];
  total: number;
  completed: boolean;
  communityProgress: number;
}

export interface EventWaitlistPromotedEvent {
  eventId: number;
}

export interface ServerToClientEvents {
  notification: (e: NotificationEvent) => void;
  'points:awarded': (e: PointsAwardedEvent) => void;
  'badge:granted': (e: BadgeGrantedEvent) => void;
  'session:ended': (e: { reason: string }) => void;
  /** the node lost and regained Redis: refetch anything since your last seen ids */
  'realtime:resync': (e: { reason: string }) => void;
  'post:created': (e: import('./forum').PostCreatedEvent) => void;
  'challenge:progress': (e: ChallengeProgressEvent) => void;
  'event:promoted': (e: EventWaitlistPromotedEvent) => void;
  'chat:message': (m: ChatMessage) => void;
  /** a message edited or deleted (body null) */
  'chat:message_updated': (m: ChatMessage) => void;
  'chat:typing': (e: { channelId: number; user: ChatPerson }) => void;
  /** someone came online in (or left) a channel the socket joined */
  presence: (e: { channelId: number; user: ChatPerson; online: boolean }) => void;
  'chat:channel_updated': (c: { channelId: number; slowModeSeconds: number; archived: boolean }) => void;
  /** the member was muted in a channel until then */
  'chat:muted': (e: { channelId: number; until: string | null }) => void;
  /** a moderator lifted the member's mute in a channel before it ran out */
  'chat:unmuted': (e: { channelId: number }) => void;
}

export interface ClientToServerEvents {
  ping: (payload: Record<string, never>, ack: (res: Ack<{ at: string }>) => void) => void;
  /** joins `<kind>:<id>` if the room kind's authorizer allows it (else a 404 ack) */
  'room:join': (payload: RoomRef, ack: (res: Ack<{ room: string }>) => void) => void;
  'room:leave': (payload: RoomRef, ack: (res: Ack<{ room: string }>) => void) => void;
  /** joins a channel's room (live messages, typing, presence); answers who is online */
  'chat:join': (payload: { channelId: number }, ack: (res: Ack<ChatPresence>) => void) => void;
  'chat:leave': (payload: { channelId: number }, ack: (res: Ack<{ channelId: number }>) => void) => void;
  /** stored before the ack; a retry with the same clientId answers the stored message */
  'chat:send': (payload: ChatSendInput, ack: (res: Ack<ChatMessage>) => void) => void;
  'chat:edit': (payload: { messageId: number; body: string }, ack: (res: Ack<ChatMessage>) => void) => void;
  'chat:delete': (payload: { messageId: number }, ack: (res: Ack<ChatMessage>) => void) => void;
  'chat:typing': (payload: { channelId: number }, ack: (res: Ack<{ channelId: number }>) => void) => void;
  'chat:read': (payload: { channelId: number; messageId: number }, ack: (res: Ack<{ unread: number }>) => void) => void;
  'chat:history': (payload: ChatHistoryQuery, ack: (res: Ack<ChatHistory>) => void) => void;
}

/** A room of a registered kind (`topic`, `channel`, ...) and the id of the thing it follows. */
export interface RoomRef {
  kind: string;
  id: string;
}
