import { Inject, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import {
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import { createAdapter } from '@socket.io/redis-adapter';
import { translatorFor, type Ack, type Locale, type RoomRef } from '@wala/contract';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Server, Socket } from 'socket.io';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth-context';
import { AppError, badRequest, forbidden, invalidFields, tooManyRequests, unauthenticated } from '../common/errors';
import type { LimitSpec } from '../common/rate-limit.service';
import { Realtime } from '../common/realtime';
import { RedisService } from '../common/redis.service';
import { rows } from '../common/sql';
import { toFieldProblems } from '../common/validation';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { EventBus } from '../events/event-bus.service';
import { SessionService } from '../identity/session.service';
import { authenticateHandshake } from './socket-auth';
import { socketParser } from './socket-parser';
import { RoomDto } from './realtime.dto';
import {
  DEFAULT_MAX_EVENT_BYTES,
  MAX_HTTP_BUFFER,
  MAX_ROOMS_PER_SOCKET,
  SOCKET_EVENT_LIMIT,
  SocketRegistry,
  type SocketContext,
  type SocketEventDef,
} from './socket-registry';

/** What the gateway keeps on each socket (`socket.data`). */
export interface SocketState {
  user: AuthUser;
  sessionId: number;
  /** when the session and suspension were last confirmed in the database */
  checkedAt: number;
}

/** How long a socket's session/suspension check is trusted before an event re-checks it. */
const RECHECK_MS = 5_000;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A payload may not carry prototype-polluting keys at any depth, nor nest absurdly deep. */
function hasForbiddenKeys(v: unknown, depth = 0): boolean {
  if (depth > 16) return true;
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some((x) => hasForbiddenKeys(x, depth + 1));
  for (const k of Object.keys(v)) {
    if (FORBIDDEN_KEYS.has(k) || hasForbiddenKeys((v as Record<string, unknown>)[k], depth + 1)) return true;
  }
  return false;
}

/**
 * The socket.io gateway (websocket transport only, on the API's own port, path /socket.io).
 * The handshake is authenticated like HTTP (bearer token, or session cookie from our own
 * Origin); each socket joins `user:<id>` and `session:<id>`. Every client event goes through
 * one wrapper (`dispatch`): known name, plain-object payload without prototype keys, size
 * limit, per-socket rate limit, live session and suspension, role policy, DTO validation, and
 * always an `Ack`. With REDIS_URL the Redis adapter joins the nodes.
 */
@WebSocketGateway({
  transports: ['websocket'],
  maxHttpBufferSize: MAX_HTTP_BUFFER,
  // an event named by an array, an object, null or a reserved name gets an error ack instead of a dropped connection
  parser: socketParser,
  serveClient: false,
  allowEIO3: false,
  pingInterval: 20_000,
  pingTimeout: 20_000,
})
export class RealtimeGateway
  implements OnGatewayInit<Server>, OnGatewayConnection<Socket>, OnGatewayDisconnect<Socket>, OnModuleInit, OnApplicationShutdown
{
  @WebSocketServer() server!: Server;
  private readonly log = new Logger('RealtimeGateway');
  private readonly general = new RateLimiterMemory({
    points: SOCKET_EVENT_LIMIT.points,
    duration: SOCKET_EVENT_LIMIT.duration,
  });
  private readonly perEvent = new Map<string, RateLimiterMemory>();
  private redisClients: Redis[] = [];
  private lastRedisWarning = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionService,
    private readonly registry: SocketRegistry,
    private readonly realtime: Realtime,
    private readonly bus: EventBus,
    private readonly ds: DataSource,
    private readonly redis: RedisService,
  ) {}

  onModuleInit(): void {
    this.registry.event({
      name: 'ping',
      dto: null,
      policy: { kind: 'member' },
      handle: async () => ({ at: new Date().toISOString() }),
    });
    this.registry.event({
      name: 'room:join',
      dto: RoomDto,
      policy: { kind: 'member' },
      handle: (ctx, p) => this.joinRoom(ctx, p),
    });
    this.registry.event({
      name: 'room:leave',
      dto: RoomDto,
      policy: { kind: 'member' },
      handle: (ctx, p) => this.leaveRoom(ctx, p),
    });
    // a suspension (from moderation) drops the member's sockets on every node at once
    this.bus.on('member.suspended', 'realtime:disconnect-suspended', async (_em, e) => {
      this.disconnectUser(e.userId, 'suspended');
    });
  }

  afterInit(server: Server): void {
    this.realtime.attach(server);
    server.use((socket, next) => {
      authenticateHandshake(socket, this.sessions, this.config.publicUrl).then(
        (s) => {
          const state: SocketState = {
            user: s.user,
            sessionId: s.sessionId,
            checkedAt: Date.now(),
          };
          socket.data = state;
          next();
        },
        (e: unknown) => {
          const err = e instanceof AppError ? e : unauthenticated();
          if (!(e instanceof AppError)) this.log.warn(`handshake: ${String(e)}`);
          next(
            Object.assign(new Error(err.code), {
              data: { code: err.code, status: err.status },
            }),
          );
        },
      );
    });
    if (this.config.redisUrl) this.useRedisAdapter(server, this.config.redisUrl);
  }

  /**
   * The Redis adapter on two ioredis connections with error handlers (an unhandled client error
   * would crash the node). Publishes while Redis is away fail fast and are dropped; local
   * delivery goes on. When the subscriber is back, local clients are told to refetch what they
   * may have missed (`realtime:resync`).
   */
  private useRedisAdapter(server: Server, url: string): void {
    const onError = (e: Error) => {
      if (Date.now() - this.lastRedisWarning > 10_000) {
        this.lastRedisWarning = Date.now();
        this.log.warn(`socket.io redis: ${e.message}`);
      }
    };
    const retryStrategy = (times: number) => Math.min(times * 200, 2000);
    const pub = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy,
    });
    const sub = new Redis(url, { maxRetriesPerRequest: null, retryStrategy });
    // the adapter does not await its publishes and (un)subscriptions: one refused while Redis is
    // away, or cut short by a shutdown, must not become an unhandled rejection
    const caught = (client: Redis, commands: string[]) => {
      const target = client as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
      for (const name of commands) {
        const original = target[name].bind(client);
        target[name] = (...a: unknown[]) => {
          const p = original(...a);
          p.catch(onError);
          return p;
        };
      }
    };
    caught(pub, ['publish']);
    caught(sub, ['subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe']);
    pub.on('error', onError);
    sub.on('error', onError);
    let lost = false;
    sub.on('close', () => {
      lost = true;
    });
    sub.on('ready', () => {
      if (!lost) return;
      lost = false;
      this.log.log('socket.io redis back: clients resync');
      server.local.emit('realtime:resync', { reason: 'redis' });
    });
    this.redisClients = [pub, sub];
    server.adapter(createAdapter(pub, sub, { key: `${this.redis.prefix}socket.io` }));
  }

  /** QUIT after the commands in flight (the adapter's subscriptions), so none is left to reject. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.redisClients.map((c) => c.quit()));
    for (const c of this.redisClients) c.disconnect();
  }

  handleConnection(socket: Socket): void {
    const state = socket.data as SocketState | undefined;
    if (!state?.user) {
      socket.disconnect(true);
      return;
    }
    void socket.join([`user:${state.user.id}`, `session:${state.sessionId}`]);
    socket.onAny((event: unknown, ...args: unknown[]) => this.dispatch(socket, event, args));
    socket.on('disconnecting', () => {
      for (const room of socket.rooms) {
        const [kind, id] = splitRoom(room);
        const def = kind ? this.registry.roomKindOf(kind) : undefined;
        if (def?.left && id) def.left(this.context(socket), id).catch((e: unknown) => this.log.warn(`left ${room}: ${String(e)}`));
      }
    });
  }

  handleDisconnect(socket: Socket): void {
    void this.general.delete(socket.id).catch(() => undefined);
  }

  disconnectUser(userId: number, reason: string): void {
    const room = this.server?.in(`user:${userId}`);
    if (!room) return;
    room.emit('session:ended', { reason });
    room.disconnectSockets(true);
  }

  private context(socket: Socket): SocketContext {
    const s = socket.data as SocketState;
    return { socket, user: s.user, sessionId: s.sessionId };
  }

  /** The one wrapper every client event goes through; it never throws. */
  private dispatch(socket: Socket, event: unknown, args: unknown[]): void {
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as (r: Ack<unknown>) => void) : null;
    if (ack) args.pop();
    this.run(socket, event, args).then(
      (data) => reply(ack, { ok: true, data }),
      (e: unknown) => reply(ack, this.errorAck(socket, event, e)),
    );
  }

  private async run(socket: Socket, event: unknown, args: unknown[]): Promise<unknown> {
    await this.consume(this.general, socket.id);
    const def = this.registry.find(event);
    if (!def) throw badRequest('errors.realtime.unknown_event');
    if (def.limit) await this.consume(this.limiterFor(def.name as string, def.limit), socket.id);
    if (args.length !== 1) throw badRequest('errors.realtime.bad_payload');
    const payload = args[0];
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload) || Buffer.isBuffer(payload)) {
      throw badRequest('errors.realtime.bad_payload');
    }
    if (Buffer.byteLength(JSON.stringify(payload)) > (def.maxBytes ?? DEFAULT_MAX_EVENT_BYTES)) {
      throw new AppError(413, 'errors.payload_too_large');
    }
    if (hasForbiddenKeys(payload)) throw badRequest('errors.realtime.bad_payload');
    await this.recheck(socket);
    const ctx = this.context(socket);
    if (def.policy.kind === 'roles' && !def.policy.roles.includes(ctx.user.role)) throw forbidden();
    return def.handle(ctx, await this.validated(def, payload));
  }

  private async validated(def: SocketEventDef<any, any>, payload: object): Promise<object> {
    if (!def.dto) {
      if (Object.keys(payload).length) throw badRequest('errors.realtime.bad_payload');
      return {};
    }
    const dto = plainToInstance(def.dto, payload, {
      enableImplicitConversion: false,
    }) as object;
    const errors = await validate(dto, {
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
    });
    if (errors.length) throw invalidFields(toFieldProblems(errors));
    return dto;
  }

  /** Session still live and member not suspended (re-read at most every few seconds). */
  private async recheck(socket: Socket): Promise<void> {
    const s = socket.data as SocketState;
    if (Date.now() - s.checkedAt < RECHECK_MS) return;
    const [r] = await rows<{
      live: boolean;
      suspended_until: Date | null;
      role: AuthUser['role'];
    }>(
      this.ds,
      `SELECT (s.revoked_at IS NULL AND s.expires_at > now() AND u.deleted_at IS NULL) AS live, u.suspended_until, u.role
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1`,
      [s.sessionId],
    );
    if (!r?.live) {
      socket.disconnect(true);
      throw unauthenticated();
    }
    if (r.suspended_until && r.suspended_until.getTime() > Date.now()) {
      socket.emit('session:ended', { reason: 'suspended' });
      socket.disconnect(true);
      throw new AppError(403, 'errors.auth.suspended', {
        until: r.suspended_until.toISOString(),
      });
    }
    s.user = { ...s.user, role: r.role };
    s.checkedAt = Date.now();
  }

  private limiterFor(name: string, spec: LimitSpec): RateLimiterMemory {
    let l = this.perEvent.get(name);
    if (!l) {
      l = new RateLimiterMemory({
        points: spec.points,
        duration: spec.duration,
        blockDuration: spec.block ?? 0,
      });
      this.perEvent.set(name, l);
    }
    return l;
  }

  private async consume(l: RateLimiterMemory, key: string): Promise<void> {
    try {
      await l.consume(key);
    } catch (e) {
      if (e instanceof RateLimiterRes) throw tooManyRequests(Math.max(1, Math.ceil(e.msBeforeNext / 1000)));
      throw e;
    }
  }

  private errorAck(socket: Socket, event: unknown, e: unknown): Ack<never> {
    const locale: Locale = (socket.data as SocketState | undefined)?.user?.locale ?? 'en';
    const t = translatorFor(locale);
    if (e instanceof AppError) {
      const first = e.fieldProblems?.[0];
      const message = first
        ? t(`validation.${first.code}`, {
            ...first.params,
            field: first.field,
            defaultValue: t('validation.default', { field: first.field }),
          })
        : t(e.code, e.params);
      return {
        ok: false,
        error: {
          code: e.code,
          message: first ? `${first.field}: ${message}` : message,
          status: e.status,
        },
      };
    }
    const requestId = randomUUID();
    this.log.error(
      `socket event ${typeof event === 'string' ? event.slice(0, 60) : typeof event} failed (${requestId}): ${e instanceof Error ? e.stack : String(e)}`,
    );
    return {
      ok: false,
      error: {
        code: 'errors.internal',
        message: t('errors.internal', { requestId }),
        status: 500,
      },
    };
  }

  /** Joins `<kind>:<id>` when the kind's authorizer allows (404 otherwise). */
  async joinRoom(ctx: SocketContext, p: RoomRef): Promise<{ room: string }> {
    const def = this.registry.roomKindOf(p.kind);
    const room = `${p.kind}:${p.id}`;
    if (!def || !(await def.authorize(ctx.user, p.id))) throw new AppError(404, 'errors.not_found');
    if (!ctx.socket.rooms.has(room)) {
      if (ctx.socket.rooms.size >= MAX_ROOMS_PER_SOCKET + 2) throw badRequest('errors.realtime.too_many_rooms');
      await ctx.socket.join(room);
      await def.joined?.(ctx, p.id);
    }
    return { room };
  }

  async leaveRoom(ctx: SocketContext, p: RoomRef): Promise<{ room: string }> {
    const def = this.registry.roomKindOf(p.kind);
    const room = `${p.kind}:${p.id}`;
    if (def && ctx.socket.rooms.has(room)) {
      await ctx.socket.leave(room);
      await def.left?.(ctx, p.id);
    }
    return { room };
  }
}

function splitRoom(room: string): [string | null, string | null] {
  const i = room.indexOf(':');
  return i > 0 ? [room.slice(0, i), room.slice(i + 1)] : [null, null];
}

function reply(ack: ((r: Ack<unknown>) => void) | null, res: Ack<unknown>): void {
  if (!ack) return;
  try {
    ack(res);
  } catch {
    /* the socket went away */
  }
}
