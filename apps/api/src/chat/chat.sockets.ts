import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { PresenceService } from '../realtime/presence.service';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { SocketRegistry, type SocketContext } from '../realtime/socket-registry';
import { Db } from '../database/db.service';
import { notFound } from '../common/errors';
import { ChannelRefDto, EditMessageDto, HistoryDto, MessageRefDto, ReadDto, SendMessageDto } from './chat.dto';
import { ChatService, CHAT_SEND_LIMIT } from './chat.service';

const room = (channelId: number | string) => `channel:${channelId}`;

/**
 * Chat's socket events and its room kind `channel` (authorized like the REST routes; joining
 * puts the member in the channel's presence).
 */
@Injectable()
export class ChatSockets implements OnModuleInit {
  private readonly log = new Logger('ChatSockets');

  constructor(
    private readonly registry: SocketRegistry,
    private readonly gateway: RealtimeGateway,
    private readonly chat: ChatService,
    private readonly presence: PresenceService,
    private readonly db: Db,
  ) {}

  onModuleInit(): void {
    const member = { kind: 'member' } as const;
    this.registry.roomKind({
      kind: 'channel',
      authorize: async (user, id) => {
        if (!/^[1-9]\d{0,15}$/.test(id)) return false;
        return this.chat.access(this.db.ds, user, Number(id)).then(
          () => true,
          () => false,
        );
      },
      joined: (ctx, id) => this.online(ctx, Number(id), true),
      left: (ctx, id) => this.online(ctx, Number(id), false),
    });
    // a member whose node died (found by the presence sweep), or whose entry came back
    this.presence.onChange(async (r, userId, on) => {
      const channelId = /^channel:([1-9]\d{0,15})$/.exec(r)?.[1];
      if (!channelId || !this.gateway.server) return;
      const [user] = await this.chat.people([userId]);
      this.gateway.server
        .to(r)
        .emit('presence', { channelId: Number(channelId), user: user ?? { id: userId, displayName: '' }, online: on });
    });
    this.registry.event({
      name: 'chat:join',
      dto: ChannelRefDto,
      policy: member,
      handle: async (ctx, p) => {
        await this.gateway.joinRoom(ctx, { kind: 'channel', id: String(p.channelId) });
        return this.chat.presenceOf(p.channelId, await this.chat.people(await this.presence.userIds(room(p.channelId))));
      },
    });
    this.registry.event({
      name: 'chat:leave',
      dto: ChannelRefDto,
      policy: member,
      handle: async (ctx, p) => {
        await this.gateway.leaveRoom(ctx, { kind: 'channel', id: String(p.channelId) });
        return { channelId: p.channelId };
      },
    });
    this.registry.event({
      name: 'chat:send',
      dto: SendMessageDto,
      policy: member,
      limit: CHAT_SEND_LIMIT,
      handle: (ctx, p) => this.chat.send(ctx.user, p),
    });
    this.registry.event({
      name: 'chat:edit',
      dto: EditMessageDto,
      policy: member,
      limit: { points: 20, duration: 10 },
      handle: (ctx, p) => this.chat.edit(ctx.user, p.messageId, p.body),
    });
    this.registry.event({
      name: 'chat:delete',
      dto: MessageRefDto,
      policy: member,
      limit: { points: 20, duration: 10 },
      handle: (ctx, p) => this.chat.remove(ctx.user, p.messageId),
    });
    this.registry.event({
      name: 'chat:typing',
      dto: ChannelRefDto,
      policy: member,
      limit: { points: 10, duration: 5 },
      handle: async (ctx, p) => {
        // only from inside the (authorized) room, and only to the others in it
        if (!ctx.socket.rooms.has(room(p.channelId))) throw notFound();
        ctx.socket
          .to(room(p.channelId))
          .emit('chat:typing', { channelId: p.channelId, user: { id: ctx.user.id, displayName: ctx.user.displayName } });
        return { channelId: p.channelId };
      },
    });
    this.registry.event({
      name: 'chat:read',
      dto: ReadDto,
      policy: member,
      handle: (ctx, p) => this.chat.markRead(ctx.user, p.channelId, p.messageId),
    });
    this.registry.event({ name: 'chat:history', dto: HistoryDto, policy: member, handle: (ctx, p) => this.chat.history(ctx.user, p) });
  }

  /** Records the socket in (or out of) the channel's presence; tells the room when the member's status changed. */
  private async online(ctx: SocketContext, channelId: number, on: boolean): Promise<void> {
    const r = room(channelId);
    const changed = on ? await this.presence.add(r, ctx.user.id, ctx.socket.id) : await this.presence.remove(r, ctx.user.id, ctx.socket.id);
    if (changed) {
      this.gateway.server
        .to(r)
        .except(ctx.socket.id)
        .emit('presence', { channelId, user: { id: ctx.user.id, displayName: ctx.user.displayName }, online: on });
    }
  }
}
