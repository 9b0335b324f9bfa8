import pLimit from "p-limit";
import { Injectable, type OnModuleInit } from "@nestjs/common";
import type {
  ChatChannel,
  ChatHistory,
  ChatMessage,
  ChatMute,
  ChatPerson,
  ChatPresence,
  Page,
} from "@wala/contract";
import type { EntityManager } from "typeorm";
import { AuditService } from "../audit/audit.service";
import type { AuthUser } from "../common/auth-context";
import {
  AppError,
  badRequest,
  conflict,
  forbidden,
  notFound,
} from "../common/errors";
import { MemberStanding } from "../common/member-standing";
import { decodeCursor, encodeCursor, toPage } from "../common/params";
import { RateLimitService } from "../common/rate-limit.service";
import { Realtime } from "../common/realtime";
import { one, rows, type Queryable } from "../common/sql";
import { Db } from "../database/db.service";
import { EventBus } from "../events/event-bus.service";
import { PersonalData } from "../identity/personal-data";
import { NotificationsService } from "../notifications/notifications.service";
import type { CreateChannelDto, MuteDto, UpdateChannelDto } from "./chat.dto";

export const CHAT_SEND_LIMIT = { points: 30, duration: 10 };
const STAFF = new Set(["moderator", "admin"]);
const UNREAD_CAP = 100;

interface ChannelRow {
  id: number;
  kind: ChatChannel["kind"];
  brand_id: number | null;
  event_id: number | null;
  name: string;
  name_ar: string;
  description: string;
  min_tier_rank: number;
  slow_mode_seconds: number;
  archived_at: Date | null;
  peer: ChatPerson | null;
  unread: number;
  last_message_id: number | null;
  muted_until: Date | null;
}

interface MessageRow {
  id: number;
  channel_id: number;
  author_id: number;
  author_name: string;
  body: string;
  client_id: string;
  mentions: number[];
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
}

/** The facts about a channel that decide who may see, post and moderate there. */
export interface ChannelAccess {
  id: number;
  kind: ChatChannel["kind"];
  brandId: number | null;
  minTierRank: number;
  slowModeSeconds: number;
  archived: boolean;
  name: string;
  /** member ids of a direct channel */
  members: number[];
}

/** advisory lock class of "a message is being stored in channel N" */
const CHAT_ORDER_LOCK = 7101;
/** sends of one channel running at once on a node (the rest wait without a connection) */
const SENDERS_PER_CHANNEL = 4;

/** A message with its author's name, from `source` (the table, or a CTE of rows just written) named `m`. */
const messageSelect = (
  source: string,
) => `SELECT m.id, m.channel_id, m.author_id, u.display_name AS author_name, m.body, m.client_id, m.mentions,
                               m.created_at, m.edited_at, m.deleted_at
                          FROM ${source} m JOIN users u ON u.id = m.author_id`;
const MESSAGE_SELECT = messageSelect("chat_messages");

export const toMessage = (r: MessageRow): ChatMessage => ({
  id: Number(r.id),
  channelId: Number(r.channel_id),
  author: { id: Number(r.author_id), displayName: r.author_name },
  body: r.deleted_at ? null : r.body,
  clientId: r.client_id,
  mentions: (r.mentions ?? []).map(Number),
  createdAt: r.created_at.toISOString(),
  editedAt: r.edited_at?.toISOString() ?? null,
  deletedAt: r.deleted_at?.toISOString() ?? null,
});

/**
 * Chat channels and messages. A message is stored (and its `chat.message_sent` event
 * published) in one transaction before anything is acknowledged or pushed; pushes go out after
 * the commit to the channel's room (direct channels: to both members' sockets).
 */
@Injectable()
export class ChatService implements OnModuleInit {
  private readonly senders = new Map<number, pLimit.Limit>();

  constructor(
    private readonly db: Db,
    private readonly realtime: Realtime,
    private readonly standing: MemberStanding,
    private readonly notifications: NotificationsService,
    private readonly limits: RateLimitService,
    private readonly audit: AuditService,
    private readonly bus: EventBus,
    private readonly personalData: PersonalData,
  ) {}

  onModuleInit(): void {
    // an event gets its channel (once, however often the event is delivered)
    this.bus.on("event.created", "chat:event-channel", async (em, e) => {
      await em.query(
        `INSERT INTO chat_channels (kind, brand_id, event_id, name, name_ar)
         VALUES ('event', $1, $2, left($3, 80), left($4, 80))
         ON CONFLICT (event_id) WHERE event_id IS NOT NULL DO NOTHING`,
        [
          e.brandId,
          e.eventId,
          e.title || `#${e.eventId}`,
          e.titleAr || e.title || `#${e.eventId}`,
        ],
      );
    });
    this.personalData.register({
      section: "chat",
      collect: async (em, userId) => ({
        messages: await rows(
          em,
          `SELECT id, channel_id, body, created_at, edited_at, deleted_at FROM chat_messages WHERE author_id = $1 ORDER BY id`,
          [userId],
        ),
        blocks: await rows(
          em,
          `SELECT blocked_id, created_at FROM chat_blocks WHERE blocker_id = $1`,
          [userId],
        ),
        // mutes of this member (with the moderator's reason; not who muted them)
        mutes: await rows(
          em,
          `SELECT channel_id, until, reason, created_at FROM chat_mutes WHERE user_id = $1 ORDER BY created_at`,
          [userId],
        ),
      }),
      erase: async (em, userId) => {
        await em.query(
          `UPDATE chat_messages SET body = '-', deleted_at = COALESCE(deleted_at, now()) WHERE author_id = $1`,
          [userId],
        );
        await em.query(
          `DELETE FROM chat_blocks WHERE blocker_id = $1 OR blocked_id = $1`,
          [userId],
        );
        // a reason written about the member is about them; the mutes they gave keep no link to them
        await em.query(`DELETE FROM chat_mutes WHERE user_id = $1`, [userId]);
        await em.query(`UPDATE chat_mutes SET by_id = NULL WHERE by_id = $1`, [userId]);
      },
    });
  }

  // ---- access --------------------------------------------------------------------------------

  private isStaff(user: AuthUser): boolean {
    return STAFF.has(user.role);
  }

  canModerate(
    user: AuthUser,
    ch: Pick<ChannelAccess, "kind" | "brandId">,
  ): boolean {
    if (ch.kind === "direct") return false;
    if (this.isStaff(user)) return true;
    return ch.brandId !== null && user.managedBrandIds.includes(ch.brandId);
  }

  /** The channel if the member may see it; 404 otherwise (the same answer as a missing one). */
  async access(
    db: Queryable,
    user: AuthUser,
    channelId: number,
  ): Promise<ChannelAccess> {
    const r = await one<{
      id: number;
      kind: ChatChannel["kind"];
      brand_id: number | null;
      min_tier_rank: number;
      slow_mode_seconds: number;
      archived_at: Date | null;
      name: string;
      members: number[] | null;
    }>(
      db,
      `SELECT c.id, c.kind, c.brand_id, c.min_tier_rank, c.slow_mode_seconds, c.archived_at, c.name,
              CASE WHEN c.kind = 'direct' THEN (SELECT array_agg(user_id ORDER BY user_id) FROM chat_channel_members WHERE channel_id = c.id) END AS members
         FROM chat_channels c WHERE c.id = $1`,
      [channelId],
    );
    if (!r) throw notFound();
    const ch: ChannelAccess = {
      id: Number(r.id),
      kind: r.kind,
      brandId: r.brand_id === null ? null : Number(r.brand_id),
      minTierRank: r.min_tier_rank,
      slowModeSeconds: r.slow_mode_seconds,
      archived: r.archived_at !== null,
      name: r.name,
      members: (r.members ?? []).map(Number),
    };
    if (!(await this.maySee(db, user.id, user, ch))) throw notFound();
    return ch;
  }

  /** Whether `userId` (the acting member `actor` when it is them) may see a channel. */
  private async maySee(
    db: Queryable,
    userId: number,
    actor: AuthUser | null,
    ch: ChannelAccess,
  ): Promise<boolean> {
    if (ch.kind === "direct") return ch.members.includes(userId);
    if (actor && this.canModerate(actor, ch)) return true;
    if (ch.archived) return false;
    if (ch.minTierRank > 0)
      return (await this.standing.tierRank(db, userId)) >= ch.minTierRank;
    return true;
  }

  // ---- channels ------------------------------------------------------------------------------

  private async channelRows(
    db: Queryable,
    user: AuthUser,
    where: string,
    params: unknown[],
    tail = "",
  ): Promise<ChannelRow[]> {
    const rank = this.isStaff(user)
      ? 1000
      : await this.standing.tierRank(db, user.id);
    return rows<ChannelRow>(
      db,
      `SELECT c.id, c.kind, c.brand_id, c.event_id, c.name, c.name_ar, c.description, c.min_tier_rank, c.slow_mode_seconds, c.archived_at,
              CASE WHEN c.kind = 'direct' THEN (
                SELECT json_build_object('id', u.id, 'displayName', u.display_name)
                  FROM chat_channel_members pm JOIN users u ON u.id = pm.user_id
                 WHERE pm.channel_id = c.id AND pm.user_id <> $1 LIMIT 1) END AS peer,
              CASE WHEN me.user_id IS NULL THEN 0 ELSE (
                SELECT count(*) FROM (SELECT 1 FROM chat_messages x
                  WHERE x.channel_id = c.id AND x.id > me.last_read_message_id AND x.deleted_at IS NULL AND x.author_id <> $1
                  LIMIT ${UNREAD_CAP}) z) END::int AS unread,
              (SELECT max(x.id) FROM chat_messages x WHERE x.channel_id = c.id) AS last_message_id,
              mu.until AS muted_until
         FROM chat_channels c
         LEFT JOIN chat_channel_members me ON me.channel_id = c.id AND me.user_id = $1
         LEFT JOIN chat_mutes mu ON mu.channel_id = c.id AND mu.user_id = $1 AND mu.until > now()
        WHERE (CASE WHEN c.kind = 'direct' THEN me.user_id IS NOT NULL
                    WHEN $2 OR c.brand_id = ANY($3::bigint[]) THEN true
                    ELSE c.archived_at IS NULL AND c.min_tier_rank <= $4 END)
          AND ${where}
        ${tail}`,
      [user.id, this.isStaff(user), user.managedBrandIds, rank, ...params],
    );
  }

  private toChannel(user: AuthUser, r: ChannelRow): ChatChannel {
    const brandId = r.brand_id === null ? null : Number(r.brand_id);
    return {
      id: Number(r.id),
      kind: r.kind,
      brandId,
      eventId: r.event_id === null ? null : Number(r.event_id),
      name: r.name,
      nameAr: r.name_ar,
      description: r.description,
      minTierRank: r.min_tier_rank,
      slowModeSeconds: r.slow_mode_seconds,
      archived: r.archived_at !== null,
      peer: r.peer
        ? { id: Number(r.peer.id), displayName: r.peer.displayName }
        : null,
      unread: r.unread,
      lastMessageId:
        r.last_message_id === null ? null : Number(r.last_message_id),
      canModerate: this.canModerate(user, { kind: r.kind, brandId }),
      mutedUntil: r.muted_until?.toISOString() ?? null,
    };
  }

  async listChannels(
    user: AuthUser,
    q: { cursor?: string; limit: number },
  ): Promise<Page<ChatChannel>> {
    const cur = decodeCursor(q.cursor, ["number"]);
    const found = await this.channelRows(
      this.db.ds,
      user,
      `($5::bigint IS NULL OR c.id > $5)`,
      [cur?.[0] ?? null],
      `ORDER BY c.id LIMIT ${q.limit + 1}`,
    );
    return toPage(found, q.limit, (r) => this.toChannel(user, r), (r) => [Number(r.id)]);
  }

  async getChannel(
    user: AuthUser,
    id: number,
    db: Queryable = this.db.ds,
  ): Promise<ChatChannel> {
    const [r] = await this.channelRows(db, user, `c.id = $5`, [id]);
    if (!r) throw notFound();
    return this.toChannel(user, r);
  }

  async createChannel(
    user: AuthUser,
    dto: CreateChannelDto,
  ): Promise<ChatChannel> {
    if (dto.kind === "brand") {
      if (!dto.brandId) throw badRequest("errors.chat.brand_required");
      if (!this.isStaff(user) && !user.managedBrandIds.includes(dto.brandId))
        throw forbidden();
    } else if (!this.isStaff(user)) {
      throw forbidden();
    }
    return this.db.tx(async (em) => {
      if (
        dto.kind === "brand" &&
        !(await one(em, `SELECT 1 FROM brands WHERE id = $1`, [dto.brandId]))
      )
        throw notFound();
      const [c] = await rows<{ id: number }>(
        em,
        `INSERT INTO chat_channels (kind, brand_id, name, name_ar, description, min_tier_rank, slow_mode_seconds, created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          dto.kind,
          dto.kind === "brand" ? dto.brandId : null,
          dto.name,
          dto.nameAr,
          dto.description ?? "",
          dto.minTierRank ?? 0,
          dto.slowModeSeconds ?? 0,
          user.id,
        ],
      );
      await this.audit.record(em, {
        actorId: user.id,
        action: "chat.channel_created",
        targetType: "chat_channel",
        targetId: c.id,
        data: { kind: dto.kind },
      });
      return this.getChannel(user, c.id, em);
    });
  }

  async updateChannel(
    user: AuthUser,
    id: number,
    dto: UpdateChannelDto,
  ): Promise<ChatChannel> {
    return this.db.tx(async (em) => {
      const ch = await this.access(em, user, id);
      if (!this.canModerate(user, ch)) throw forbidden();
      await em.query(
        `UPDATE chat_channels SET name = COALESCE($2, name), name_ar = COALESCE($3, name_ar), description = COALESCE($4, description),
                min_tier_rank = COALESCE($5, min_tier_rank), slow_mode_seconds = COALESCE($6, slow_mode_seconds),
                archived_at = CASE WHEN $7::boolean IS NULL THEN archived_at WHEN $7 THEN COALESCE(archived_at, now()) END
          WHERE id = $1`,
        [
          id,
          dto.name ?? null,
          dto.nameAr ?? null,
          dto.description ?? null,
          dto.minTierRank ?? null,
          dto.slowModeSeconds ?? null,
          dto.archived ?? null,
        ],
      );
      await this.audit.record(em, {
        actorId: user.id,
        action: "chat.channel_updated",
        targetType: "chat_channel",
        targetId: id,
        data: { ...dto },
      });
      const out = await this.getChannel(user, id, em);
      this.db.afterCommit(em, () =>
        this.realtime.toRoom(`channel:${id}`, "chat:channel_updated", {
          channelId: id,
          slowModeSeconds: out.slowModeSeconds,
          archived: out.archived,
        }),
      );
      return out;
    });
  }

  /** The direct channel between the caller and another member, opened on first use. */
  async openDirect(user: AuthUser, peerId: number): Promise<ChatChannel> {
    if (peerId === user.id) throw badRequest("errors.chat.self");
    return this.db.tx(async (em) => {
      if (
        !(await one(
          em,
          `SELECT 1 FROM users WHERE id = $1 AND deleted_at IS NULL`,
          [peerId],
        ))
      )
        throw notFound();
      await this.refuseBlocked(em, user.id, peerId);
      const key = `${Math.min(user.id, peerId)}:${Math.max(user.id, peerId)}`;
      await em.query(
        `INSERT INTO chat_channels (kind, dm_key, name, name_ar, created_by_id) VALUES ('direct', $1, 'direct', 'direct', $2)
         ON CONFLICT (dm_key) WHERE dm_key IS NOT NULL DO NOTHING`,
        [key, user.id],
      );
      const c = await one<{ id: number }>(
        em,
        `SELECT id FROM chat_channels WHERE dm_key = $1`,
        [key],
      );
      await em.query(
        `INSERT INTO chat_channel_members (channel_id, user_id) VALUES ($1, $2), ($1, $3) ON CONFLICT DO NOTHING`,
        [c!.id, user.id, peerId],
      );
      return this.getChannel(user, Number(c!.id), em);
    });
  }

  private async refuseBlocked(
    db: Queryable,
    a: number,
    b: number,
  ): Promise<void> {
    const blocked = await one(
      db,
      `SELECT 1 FROM chat_blocks WHERE (blocker_id = $1 AND blocked_id = $2) OR (blocker_id = $2 AND blocked_id = $1)`,
      [a, b],
    );
    if (blocked) throw forbidden("errors.chat.blocked");
  }

  // ---- messages ------------------------------------------------------------------------------

  /** Stores a message (once per clientId) and answers it; pushes it after the commit. */
  async send(
    user: AuthUser,
    input: {
      channelId: number;
      body: string;
      clientId: string;
      mentions?: number[];
    },
  ): Promise<ChatMessage> {
    const body = input.body.trim();
    if (!body) throw badRequest("errors.chat.empty");
    const earlier = await this.byClientId(this.db.ds, user.id, input.clientId);
    if (earlier) {
      const same = this.sameSend(earlier, input.channelId);
      // a retry: the node that stored it may have died before pushing it, so it is pushed again
      // (clients merge messages by id)
      if (same.body !== null)
        this.push(
          await this.access(this.db.ds, user, same.channelId),
          "chat:message",
          same,
        );
      return same;
    }
    await this.limits.consume("chat-send", String(user.id), CHAT_SEND_LIMIT);
    const result = await this.inChannel(input.channelId, () =>
      this.db.tx(async (em) => {
        const ch = await this.access(em, user, input.channelId);
        if (ch.archived) throw forbidden("errors.chat.archived");
        if (ch.kind === "direct")
          await this.refuseBlocked(em, ch.members[0], ch.members[1]);
        // one round trip: not muted, and (without slow mode every send passes; a concurrent send
        // may have stamped a later now()) the slow-mode stamp taken
        const slow = this.canModerate(user, ch) ? 0 : ch.slowModeSeconds;
        const gate = await one<{ muted_until: Date | null; marked: boolean }>(
          em,
          `WITH mute AS (SELECT until FROM chat_mutes WHERE channel_id = $1 AND user_id = $2 AND until > now()),
              marked AS (
                INSERT INTO chat_channel_members (channel_id, user_id, last_sent_at) SELECT $1, $2, now() WHERE NOT EXISTS (SELECT 1 FROM mute)
                ON CONFLICT (channel_id, user_id) DO UPDATE SET last_sent_at = now()
                 WHERE $3 = 0 OR chat_channel_members.last_sent_at IS NULL OR chat_channel_members.last_sent_at <= now() - make_interval(secs => $3)
                RETURNING 1)
         SELECT (SELECT max(until) FROM mute) AS muted_until, EXISTS (SELECT 1 FROM marked) AS marked`,
          [ch.id, user.id, slow],
        );
        if (gate!.muted_until)
          throw forbidden("errors.chat.muted", {
            until: gate!.muted_until.toISOString(),
          });
        if (!gate!.marked)
          throw new AppError(
            429,
            "errors.chat.slow_mode",
            { seconds: slow },
            undefined,
            { "retry-after": String(slow) },
          );
        const mentions = await this.mentionable(
          em,
          user,
          ch,
          input.mentions ?? [],
        );
        // a channel's messages commit in the order of their ids (the lock is held from the id's
        // taking to the commit): a reader catching up "after the last id I saw" can then never
        // skip a message with a lower id that committed later
        await em.query(
          `SELECT pg_advisory_xact_lock(${CHAT_ORDER_LOCK}, ($1::bigint % 2147483647)::int)`,
          [ch.id],
        );
        // stored, read by its author, and read back with the author's name: one round trip
        const [row] = await rows<MessageRow>(
          em,
          `WITH ins AS (
           INSERT INTO chat_messages (channel_id, author_id, body, client_id, mentions) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (author_id, client_id) DO NOTHING RETURNING *),
         seen AS (
           UPDATE chat_channel_members c SET last_read_message_id = GREATEST(c.last_read_message_id, ins.id)
             FROM ins WHERE c.channel_id = $1 AND c.user_id = $2)
         ${messageSelect("ins")}`,
          [ch.id, user.id, body, input.clientId, mentions],
        );
        if (!row) return { dup: true as const };
        const msg = toMessage(row);
        for (const uid of mentions) {
          await this.notifications.notify(em, {
            userId: uid,
            kind: "chat.mention",
            data: {
              channelId: ch.id,
              messageId: msg.id,
              authorName: user.displayName,
              channelName: ch.kind === "direct" ? null : ch.name,
            },
            dedupeKey: `chat-mention:${msg.id}`,
          });
        }
        await this.db.publish(em, "chat.message_sent", {
          messageId: msg.id,
          channelId: ch.id,
          authorId: user.id,
          brandId: ch.brandId,
        });
        this.db.afterCommit(em, () => this.push(ch, "chat:message", msg));
        return { dup: false as const, msg };
      }),
    );
    if (!result.dup) return result.msg;
    // a concurrent retry stored it first
    return this.sameSend(
      (await this.byClientId(this.db.ds, user.id, input.clientId))!,
      input.channelId,
    );
  }

  /**
   * At most SENDERS_PER_CHANNEL sends of one channel run at once on this node; the others wait
   * here, holding no database connection: a busy channel queues on its own lock (see
   * CHAT_ORDER_LOCK) without taking the whole pool from every other request.
   */
  private inChannel<T>(channelId: number, work: () => Promise<T>): Promise<T> {
    let gate = this.senders.get(channelId);
    if (!gate)
      this.senders.set(channelId, (gate = pLimit(SENDERS_PER_CHANNEL)));
    const g = gate;
    return g(work).finally(() => {
      if (
        g.activeCount === 0 &&
        g.pendingCount === 0 &&
        this.senders.get(channelId) === g
      )
        this.senders.delete(channelId);
    });
  }

  private async byClientId(
    db: Queryable,
    userId: number,
    clientId: string,
  ): Promise<ChatMessage | null> {
    const [r] = await rows<MessageRow>(
      db,
      `${MESSAGE_SELECT} WHERE m.author_id = $1 AND m.client_id = $2`,
      [userId, clientId],
    );
    return r ? toMessage(r) : null;
  }

  private sameSend(earlier: ChatMessage, channelId: number): ChatMessage {
    if (earlier.channelId !== channelId)
      throw conflict("errors.chat.client_id_reused");
    return earlier;
  }

  /** Mentioned members who may see the channel (others are silently dropped), at most 10. */
  private async mentionable(
    em: EntityManager,
    author: AuthUser,
    ch: ChannelAccess,
    ids: number[],
  ): Promise<number[]> {
    const wanted = [...new Set(ids)]
      .filter((id) => id !== author.id)
      .slice(0, 10);
    if (!wanted.length) return [];
    const live = await rows<{ id: number }>(
      em,
      `SELECT id FROM users WHERE id = ANY($1::bigint[]) AND deleted_at IS NULL`,
      [wanted],
    );
    const out: number[] = [];
    for (const { id } of live)
      if (await this.maySee(em, Number(id), null, ch)) out.push(Number(id));
    return out;
  }

  private push(
    ch: ChannelAccess,
    event: "chat:message" | "chat:message_updated",
    msg: ChatMessage,
  ): void {
    if (ch.kind === "direct")
      for (const uid of ch.members) this.realtime.toUser(uid, event, msg);
    else this.realtime.toRoom(`channel:${ch.id}`, event, msg);
  }

  async edit(
    user: AuthUser,
    messageId: number,
    body: string,
  ): Promise<ChatMessage> {
    const text = body.trim();
    if (!text) throw badRequest("errors.chat.empty");
    return this.db.tx(async (em) => {
      const { ch, msg } = await this.visibleMessage(em, user, messageId);
      if (msg.author.id !== user.id) throw forbidden("errors.chat.not_author");
      if (msg.deletedAt) throw notFound();
      await em.query(
        `UPDATE chat_messages SET body = $2, edited_at = now() WHERE id = $1`,
        [messageId, text],
      );
      const out = toMessage(
        (
          await rows<MessageRow>(em, `${MESSAGE_SELECT} WHERE m.id = $1`, [
            messageId,
          ])
        )[0],
      );
      this.db.afterCommit(em, () => this.push(ch, "chat:message_updated", out));
      return out;
    });
  }

  /** The author deletes their own message; moderators (and the brand's managers) any in their channels. */
  async remove(user: AuthUser, messageId: number): Promise<ChatMessage> {
    return this.db.tx(async (em) => {
      const { ch, msg } = await this.visibleMessage(em, user, messageId);
      const own = msg.author.id === user.id;
      if (!own && !this.canModerate(user, ch)) throw forbidden();
      if (msg.deletedAt) return msg;
      await em.query(
        `UPDATE chat_messages SET deleted_at = now(), deleted_by_id = $2 WHERE id = $1 AND deleted_at IS NULL`,
        [messageId, user.id],
      );
      await this.db.publish(em, "chat.message_deleted", {
        messageId,
        channelId: ch.id,
        authorId: msg.author.id,
        actorId: user.id,
        brandId: ch.brandId,
      });
      if (!own) {
        await this.audit.record(em, {
          actorId: user.id,
          action: "chat.message_deleted",
          targetType: "chat_message",
          targetId: messageId,
          data: { channelId: ch.id, authorId: msg.author.id },
        });
      }
      const out = toMessage(
        (
          await rows<MessageRow>(em, `${MESSAGE_SELECT} WHERE m.id = $1`, [
            messageId,
          ])
        )[0],
      );
      this.db.afterCommit(em, () => this.push(ch, "chat:message_updated", out));
      return out;
    });
  }

  private async visibleMessage(
    em: EntityManager,
    user: AuthUser,
    messageId: number,
  ): Promise<{ ch: ChannelAccess; msg: ChatMessage }> {
    const [r] = await rows<MessageRow>(
      em,
      `${MESSAGE_SELECT} WHERE m.id = $1 FOR UPDATE OF m`,
      [messageId],
    );
    if (!r) throw notFound();
    const ch = await this.access(em, user, Number(r.channel_id));
    return { ch, msg: toMessage(r) };
  }

  /** Oldest first; `before` pages back (scrolling up), `after` catches up after a reconnect, neither: the latest. */
  async history(
    user: AuthUser,
    q: { channelId: number; before?: number; after?: number; limit?: number },
  ): Promise<ChatHistory> {
    await this.access(this.db.ds, user, q.channelId);
    const limit = Math.min(Math.max(q.limit ?? 50, 1), 100);
    if (q.after !== undefined) {
      const found = await rows<MessageRow>(
        this.db.ds,
        `${MESSAGE_SELECT} WHERE m.channel_id = $1 AND m.id > $2 ORDER BY m.id LIMIT $3`,
        [q.channelId, q.after, limit + 1],
      );
      return {
        items: found.slice(0, limit).map(toMessage),
        more: found.length > limit,
      };
    }
    const found = await rows<MessageRow>(
      this.db.ds,
      `${MESSAGE_SELECT} WHERE m.channel_id = $1 AND ($2::bigint IS NULL OR m.id < $2) ORDER BY m.id DESC LIMIT $3`,
      [q.channelId, q.before ?? null, limit + 1],
    );
    return {
      items: found.slice(0, limit).reverse().map(toMessage),
      more: found.length > limit,
    };
  }

  /** REST history as a keyset page: newest first, `nextCursor` goes further back. */
  async historyPage(
    user: AuthUser,
    channelId: number,
    q: { cursor?: string; limit: number },
  ): Promise<Page<ChatMessage>> {
    const cur = decodeCursor(q.cursor, ["number"]);
    const h = await this.history(user, {
      channelId,
      before: (cur?.[0] as number | undefined) ?? undefined,
      limit: q.limit,
    });
    const items = h.items.reverse();
    return {
      items,
      nextCursor:
        h.more && items.length
          ? encodeCursor([items[items.length - 1].id])
          : null,
    };
  }

  async markRead(
    user: AuthUser,
    channelId: number,
    messageId: number,
  ): Promise<{ unread: number }> {
    await this.access(this.db.ds, user, channelId);
    await this.db.tx((em) =>
      em.query(
        `INSERT INTO chat_channel_members (channel_id, user_id, last_read_message_id) VALUES ($1, $2, $3)
         ON CONFLICT (channel_id, user_id) DO UPDATE SET last_read_message_id = GREATEST(chat_channel_members.last_read_message_id, EXCLUDED.last_read_message_id)`,
        [channelId, user.id, messageId],
      ),
    );
    return { unread: (await this.getChannel(user, channelId)).unread };
  }

  // ---- moderation ----------------------------------------------------------------------------

  async mute(
    actor: AuthUser,
    channelId: number,
    dto: MuteDto,
  ): Promise<{ userId: number; until: string }> {
    if (dto.userId === actor.id) throw badRequest("errors.chat.self");
    return this.db.tx(async (em) => {
      const ch = await this.access(em, actor, channelId);
      if (!this.canModerate(actor, ch)) throw forbidden();
      if (!(await one(em, `SELECT 1 FROM users WHERE id = $1`, [dto.userId])))
        throw notFound();
      const [r] = await rows<{ until: Date }>(
        em,
        `INSERT INTO chat_mutes (channel_id, user_id, until, by_id, reason) VALUES ($1, $2, now() + make_interval(mins => $3), $4, $5)
         ON CONFLICT (channel_id, user_id) DO UPDATE SET until = EXCLUDED.until, by_id = EXCLUDED.by_id, reason = EXCLUDED.reason RETURNING until`,
        [channelId, dto.userId, dto.minutes, actor.id, dto.reason ?? ""],
      );
      await this.audit.record(em, {
        actorId: actor.id,
        action: "chat.member_muted",
        targetType: "user",
        targetId: dto.userId,
        reason: dto.reason,
        data: { channelId, minutes: dto.minutes },
      });
      const until = r.until.toISOString();
      this.db.afterCommit(em, () =>
        this.realtime.toUser(dto.userId, "chat:muted", { channelId, until }),
      );
      return { userId: dto.userId, until };
    });
  }

  /** Lifts a mute early; a member who was not muted (or whose mute ran out) is left as is. */
  async unmute(
    actor: AuthUser,
    channelId: number,
    userId: number,
  ): Promise<void> {
    await this.db.tx(async (em) => {
      const ch = await this.access(em, actor, channelId);
      if (!this.canModerate(actor, ch)) throw forbidden();
      const lifted = await rows<{ until: Date }>(
        em,
        `DELETE FROM chat_mutes WHERE channel_id = $1 AND user_id = $2 RETURNING until`,
        [channelId, userId],
      );
      if (!lifted.some((m) => m.until.getTime() > Date.now())) return;
      await this.audit.record(em, {
        actorId: actor.id,
        action: "chat.member_unmuted",
        targetType: "user",
        targetId: userId,
        data: { channelId },
      });
      this.db.afterCommit(em, () =>
        this.realtime.toUser(userId, "chat:unmuted", { channelId }),
      );
    });
  }

  /**
   * Moderators: who is muted in a channel now, the mute ending soonest first (keyset pages on the
   * end to the millisecond, as the cursor carries it; the column keeps microseconds).
   */
  async mutes(
    actor: AuthUser,
    channelId: number,
    q: { cursor?: string; limit: number },
  ): Promise<Page<ChatMute>> {
    const ch = await this.access(this.db.ds, actor, channelId);
    if (!this.canModerate(actor, ch)) throw forbidden();
    const cur = decodeCursor(q.cursor, ["string", "number"]);
    const found = await rows<{
      user_id: number;
      user_name: string;
      until: Date;
      reason: string;
      by_id: number | null;
      by_name: string | null;
    }>(
      this.db.ds,
      `SELECT mu.user_id, u.display_name AS user_name, mu.until, mu.reason, mu.by_id, b.display_name AS by_name
         FROM chat_mutes mu JOIN users u ON u.id = mu.user_id LEFT JOIN users b ON b.id = mu.by_id
        WHERE mu.channel_id = $1 AND mu.until > now()
          AND ($2::timestamptz IS NULL OR (date_trunc('milliseconds', mu.until), mu.user_id) > ($2::timestamptz, $3::bigint))
        ORDER BY date_trunc('milliseconds', mu.until), mu.user_id LIMIT $4`,
      [channelId, cur?.[0] ?? null, cur?.[1] ?? null, q.limit + 1],
    );
    return toPage(
      found,
      q.limit,
      (r) => ({
        user: { id: Number(r.user_id), displayName: r.user_name },
        until: r.until.toISOString(),
        reason: r.reason,
        by: r.by_id === null ? null : { id: Number(r.by_id), displayName: r.by_name ?? "" },
      }),
      (r) => [r.until.toISOString(), Number(r.user_id)],
    );
  }

  // ---- blocking ------------------------------------------------------------------------------

  async block(user: AuthUser, otherId: number): Promise<void> {
    if (otherId === user.id) throw badRequest("errors.chat.self");
    await this.db.tx(async (em) => {
      if (!(await one(em, `SELECT 1 FROM users WHERE id = $1`, [otherId])))
        throw notFound();
      await em.query(
        `INSERT INTO chat_blocks (blocker_id, blocked_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [user.id, otherId],
      );
    });
  }

  async unblock(user: AuthUser, otherId: number): Promise<void> {
    await this.db.tx((em) =>
      em.query(
        `DELETE FROM chat_blocks WHERE blocker_id = $1 AND blocked_id = $2`,
        [user.id, otherId],
      ),
    );
  }

  async blocks(user: AuthUser): Promise<ChatPerson[]> {
    const found = await rows<{ id: number; display_name: string }>(
      this.db.ds,
      `SELECT u.id, u.display_name FROM chat_blocks b JOIN users u ON u.id = b.blocked_id WHERE b.blocker_id = $1 ORDER BY b.created_at DESC LIMIT 500`,
      [user.id],
    );
    return found.map((r) => ({
      id: Number(r.id),
      displayName: r.display_name,
    }));
  }

  // ---- presence ------------------------------------------------------------------------------

  async people(ids: Iterable<number>): Promise<ChatPerson[]> {
    const list = [...ids];
    if (!list.length) return [];
    const found = await rows<{ id: number; display_name: string }>(
      this.db.ds,
      `SELECT id, display_name FROM users WHERE id = ANY($1::bigint[]) AND deleted_at IS NULL ORDER BY display_name, id`,
      [list],
    );
    return found.map((r) => ({
      id: Number(r.id),
      displayName: r.display_name,
    }));
  }

  presenceOf(channelId: number, online: ChatPerson[]): ChatPresence {
    return { channelId, online };
  }
}
