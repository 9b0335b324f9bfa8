/**
 * The socket.io event map shared by the API gateway and the web client.
 * Client → server events always take an ack callback that receives `Ack<T>`.
 */

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
}

export interface ClientToServerEvents {
  ping: (payload: Record<string, never>, ack: (res: Ack<{ at: string }>) => void) => void;
  /** joins `<kind>:<id>` if the room kind's authorizer allows it (else a 404 ack) */
  'room:join': (payload: RoomRef, ack: (res: Ack<{ room: string }>) => void) => void;
  'room:leave': (payload: RoomRef, ack: (res: Ack<{ room: string }>) => void) => void;
}

/** A room of a registered kind (`topic`, `channel`, ...) and the id of the thing it follows. */
export interface RoomRef {
  kind: string;
  id: string;
}
