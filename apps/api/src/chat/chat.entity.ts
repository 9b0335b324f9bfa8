import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { BrandEntity } from '../brands/brand.entity';
import { UserEntity } from '../identity/user.entity';

/**
 * A chat channel. `community` channels are run by moderators, `brand` channels by that brand's
 * managers, `event` channels are opened when an event is created (engagement's `event.created`),
 * `direct` channels hold two members (`dmKey` = "<lower id>:<higher id>"). `minTierRank` gates a
 * channel to members whose tier rank (MemberStanding) is at least that.
 */
@Entity('chat_channels')
@Check(`"kind" IN ('community', 'brand', 'event', 'direct')`)
@Check(`"slow_mode_seconds" BETWEEN 0 AND 3600`)
@Check(`"min_tier_rank" BETWEEN 0 AND 100`)
@Check(`("kind" = 'direct') = ("dm_key" IS NOT NULL)`)
@Check(`"kind" <> 'brand' OR "brand_id" IS NOT NULL`)
@Check(`"kind" <> 'event' OR "event_id" IS NOT NULL`)
@Index('chat_channels_event_key', ['eventId'], { unique: true, where: '"event_id" IS NOT NULL' })
@Index('chat_channels_dm_key', ['dmKey'], { unique: true, where: '"dm_key" IS NOT NULL' })
@Index('chat_channels_brand_idx', ['brandId'])
export class ChatChannelEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ type: 'varchar', length: 16 })
  kind: 'community' | 'brand' | 'event' | 'direct';

  @ForeignKey(() => BrandEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint', nullable: true })
  brandId: number | null;

  /** the engagement event this channel belongs to (no foreign key: another area's table) */
  @Column({ type: 'bigint', nullable: true })
  eventId: number | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  dmKey: string | null;

  @Column({ type: 'varchar', length: 80 })
  name: string;

  @Column({ type: 'varchar', length: 80 })
  nameAr: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  description: string;

  @Column({ type: 'int', default: 0 })
  minTierRank: number;

  @Column({ type: 'int', default: 0 })
  slowModeSeconds: number;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @ForeignKey(() => UserEntity, { onDelete: 'SET NULL' })
  @Column({ type: 'bigint', nullable: true })
  createdById: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * A member's standing in a channel: read position (unread counts), last message time (slow
 * mode), and for direct channels the membership itself.
 */
@Entity('chat_channel_members')
@Index('chat_channel_members_user_idx', ['userId'])
export class ChatChannelMemberEntity {
  @ForeignKey(() => ChatChannelEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  channelId: number;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  userId: number;

  @Column({ type: 'bigint', default: 0 })
  lastReadMessageId: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastSentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  joinedAt: Date;
}

/** A chat message. `clientId` (unique per author) makes a retried send store once. */
@Entity('chat_messages')
@Index('chat_messages_channel_idx', ['channelId', 'id'])
@Index('chat_messages_client_key', ['authorId', 'clientId'], { unique: true })
@Check(`char_length("body") BETWEEN 1 AND 2000`)
export class ChatMessageEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => ChatChannelEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  channelId: number;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  authorId: number;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 64 })
  clientId: string;

  @Column({ type: 'bigint', array: true, default: '{}' })
  mentions: number[];

  @Column({ type: 'timestamptz', nullable: true })
  editedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  @ForeignKey(() => UserEntity, { onDelete: 'SET NULL' })
  @Column({ type: 'bigint', nullable: true })
  deletedById: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A member muted in one channel until a time. */
@Entity('chat_mutes')
export class ChatMuteEntity {
  @ForeignKey(() => ChatChannelEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  channelId: number;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  userId: number;

  @Column({ type: 'timestamptz' })
  until: Date;

  /** the moderator's reason, shown to the channel's moderators ('' when none was given) */
  @Column({ type: 'varchar', length: 300, default: '' })
  reason: string;

  @ForeignKey(() => UserEntity, { onDelete: 'SET NULL' })
  @Column({ type: 'bigint', nullable: true })
  byId: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** `blockerId` does not want direct messages from `blockedId` (either direction is refused). */
@Entity('chat_blocks')
@Check(`"blocker_id" <> "blocked_id"`)
@Index('chat_blocks_blocked_idx', ['blockedId'])
export class ChatBlockEntity {
  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  blockerId: number;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  blockedId: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
