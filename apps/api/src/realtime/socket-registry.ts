import { Injectable } from '@nestjs/common';
import type { Ack, ClientToServerEvents, Role } from '@wala/contract';
import type { Socket } from 'socket.io';
import type { AuthUser } from '../common/auth-context';
import type { LimitSpec } from '../common/rate-limit.service';

/** The data a client event's ack carries on success, read from the contract. */
export type AckData<E extends keyof ClientToServerEvents> =
  Parameters<ClientToServerEvents[E]> extends [unknown, (res: Ack<infer T>) => void] ? T : never;
export type PayloadOf<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];

/** Who may send an event: any signed-in member (the handshake requires one), or only some roles. */
export type SocketPolicy = { kind: 'member' } | { kind: 'roles'; roles: Role[] };

export interface SocketContext {
  socket: Socket;
  user: AuthUser;
  sessionId: number;
}

export interface SocketEventDef<E extends keyof ClientToServerEvents, P extends object> {
  name: E;
  /** class-validator DTO of the payload; null: the payload must be an empty object */
  dto: (new () => P) | null;
  policy: SocketPolicy;
  /** an extra per-socket limit for this event (every event also counts against the general one) */
  limit?: LimitSpec;
  /** largest accepted payload, in bytes of JSON (default 16 KiB) */
  maxBytes?: number;
  handle(ctx: SocketContext, payload: P): Promise<AckData<E>>;
}

/** Decides whether a member may join a room `<kind>:<id>`; false answers "not found". */
export type RoomAuthorizer = (user: AuthUser, id: string) => Promise<boolean>;

export interface RoomKindDef {
  kind: string;
  authorize: RoomAuthorizer;
  /** called after a socket joined (e.g. presence) */
  joined?(ctx: SocketContext, id: string): Promise<void>;
  /** called after a socket left the room or disconnected while in it */
  left?(ctx: SocketContext, id: string): Promise<void>;
}

export interface SocketEventInfo {
  name: string;
  policy: SocketPolicy;
  dto: string | null;
  maxBytes: number;
  limit: LimitSpec | null;
}

export const DEFAULT_MAX_EVENT_BYTES = 16 * 1024;
/** the transport refuses (and disconnects) any single packet larger than this */
export const MAX_HTTP_BUFFER = 64 * 1024;
/** every client event of one socket counts against this */
export const SOCKET_EVENT_LIMIT: LimitSpec = { points: 60, duration: 10 };
export const MAX_ROOMS_PER_SOCKET = 200;

/**
 * The one list of client → server socket events and room kinds. Areas register theirs in
 * `onModuleInit`; the gateway dispatches through it (refusing anything unregistered), and the
 * security suite enumerates it through `list()`.
 */
@Injectable()
export class SocketRegistry {
  private readonly events = new Map<string, SocketEventDef<any, any>>();
  private readonly rooms = new Map<string, RoomKindDef>();

  event<E extends keyof ClientToServerEvents, P extends object>(def: SocketEventDef<E, P>): void {
    if (this.events.has(def.name)) throw new Error(`socket event ${def.name} registered twice`);
    this.events.set(def.name, def);
  }

  roomKind(def: RoomKindDef): void {
    if (!/^[a-z][a-z0-9-]{0,30}$/.test(def.kind)) throw new Error(`bad room kind ${def.kind}`);
    if (this.rooms.has(def.kind) || def.kind === 'user' || def.kind === 'session') throw new Error(`room kind ${def.kind} taken`);
    this.rooms.set(def.kind, def);
  }

  find(name: unknown): SocketEventDef<any, any> | undefined {
    return typeof name === 'string' ? this.events.get(name) : undefined;
  }

  roomKindOf(kind: string): RoomKindDef | undefined {
    return this.rooms.get(kind);
  }

  roomKinds(): string[] {
    return [...this.rooms.keys()].sort();
  }

  /** Every client event with its policy and limits (for the security suite and docs). */
  list(): SocketEventInfo[] {
    return [...this.events.values()]
      .map((d) => ({
        name: d.name as string,
        policy: d.policy,
        dto: d.dto?.name ?? null,
        maxBytes: d.maxBytes ?? DEFAULT_MAX_EVENT_BYTES,
        limit: d.limit ?? null,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}
