import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { BrandEntity } from '../brands/brand.entity';
import { UserEntity } from '../identity/user.entity';
import { UploadEntity } from '../uploads/upload.entity';

/** A challenge by a brand (or the community, brandId null, admins only). */
@Entity('challenges')
@Check(`"kind" IN ('action', 'steps', 'streak', 'quiz', 'submission')`)
@Check(`"scope" IN ('individual', 'community')`)
@Check(`"ends_at" > "starts_at"`)
@Check(`"points" >= 0 AND "community_progress" >= 0 AND "min_tier_rank" >= 0 AND "min_member_days" >= 0`)
@Index('challenges_brand_idx', ['brandId', 'id'])
export class ChallengeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => BrandEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint', nullable: true })
  brandId: number | null;

  @Column({ type: 'varchar', length: 120 })
  title: string;

  @Column({ type: 'varchar', length: 120 })
  titleAr: string;

  @Column({ type: 'varchar', length: 4000, default: '' })
  description: string;

  @Column({ type: 'varchar', length: 4000, default: '' })
  descriptionAr: string;

  @Column({ type: 'varchar', length: 16 })
  kind: string;

  @Column({ type: 'varchar', length: 16, default: 'individual' })
  scope: string;

  /** action specs: [{ action, count, categoryId?, tag? }] */
  @Column({ type: 'jsonb', default: [] })
  steps: unknown[];

  @Column({ type: 'int', nullable: true })
  streakDays: number | null;

  @Column({ type: 'int', nullable: true })
  communityTarget: number | null;

  @Column({ type: 'int', default: 0 })
  communityProgress: number;

  /** questions with their correct answers: never sent to members */
  @Column({ type: 'jsonb', nullable: true })
  quiz: unknown[] | null;

  @Column({ type: 'int', nullable: true })
  maxAttempts: number | null;

  @Column({ type: 'int', nullable: true })
  passScore: number | null;

  @Column({ type: 'int', default: 0 })
  points: number;

  @Column({ type: 'bigint', nullable: true })
  badgeId: number | null;

  @Column({ type: 'bigint', nullable: true })
  pledgeCampaignId: number | null;

  @Column({ type: 'int', default: 0 })
  minTierRank: number;

  @Column({ type: 'int', default: 0 })
  minMemberDays: number;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz' })
  endsAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  communityReachedAt: Date | null;

  /** set once by the brand's cancel action: nothing counts, opens or draws after it */
  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  cancelReason: string | null;

  @ForeignKey(() => UserEntity, { onDelete: 'SET NULL' })
  @Column({ type: 'bigint', nullable: true })
  createdBy: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity('challenge_participants')
@Index('challenge_participants_board_idx', ['challengeId', 'total', 'userId'])
@Index('challenge_participants_user_idx', ['userId'])
export class ChallengeParticipantEntity {
  @ForeignKey(() => ChallengeEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  challengeId: number;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  userId: number;

  /** per step counts; streak: [current run]; quiz: [best score] */
  @Column({ type: 'jsonb', default: [] })
  progress: number[];

  /** leaderboard value: everything counted for this member */
  @Column({ type: 'int', default: 0 })
  total: number;

  @Column({ type: 'date', nullable: true })
  lastDay: string | null;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @CreateDateColumn({ type: 'timestamptz' })
  joinedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}

/** Exactly one completion per member and challenge (the unique key). */
@Entity('challenge_completions')
@Unique('challenge_completions_once', ['challengeId', 'userId'])
export class ChallengeCompletionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => ChallengeEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  challengeId: number;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  userId: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/**
 * Each domain event counts once per challenge and member, however often it is delivered. A
 * contribution whose content (`post:<id>`, `chat:<id>`) is removed stays, flagged `removed`, so it
 * is counted again only when the content is restored (and never twice).
 */
@Entity('challenge_counted_events')
@Index('challenge_counted_events_source_idx', ['sourceKey'])
export class ChallengeCountedEventEntity {
  @ForeignKey(() => ChallengeEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  challengeId: number;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  userId: number;

  @PrimaryColumn({ type: 'varchar', length: 80 })
  sourceKey: string;

  /** the indexes of the challenge's steps it counted toward */
  @Column({ type: 'jsonb', default: [] })
  steps: number[];

  /** its content is removed: it does not count until restored */
  @Column({ type: 'boolean', default: false })
  removed: boolean;
}

@Entity('challenge_submissions')
@Check(`"status" IN ('pending', 'approved', 'rejected')`)
@Index('challenge_submissions_open_key', ['challengeId', 'userId'], { unique: true, where: `"status" IN ('pending', 'approved')` })
@Index('challenge_submissions_list_idx', ['challengeId', 'id'])
export class ChallengeSubmissionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => ChallengeEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  challengeId: number;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  userId: number;

  @Column({ type: 'varchar', length: 4000 })
  text: string;

  @ForeignKey(() => UploadEntity, { onDelete: 'SET NULL' })
  @Column({ type: 'bigint', nullable: true })
  uploadId: number | null;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  @ForeignKey(() => UserEntity, { onDelete: 'SET NULL' })
  @Column({ type: 'bigint', nullable: true })
  reviewedBy: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity('brand_events')
@Check(`"mode" IN ('online', 'in_person')`)
@Check(`"ends_at" > "starts_at"`)
@Check(`"capacity" IS NULL OR ("capacity" > 0 AND "going" <= "capacity")`)
@Check(`"going" >= 0 AND "check_in_points" >= 0`)
@Index('brand_events_start_idx', ['startsAt', 'id'])
export class BrandEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => BrandEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint', nullable: true })
  brandId: number | null;

  @Column({ type: 'varchar', length: 120 })
  title: string;

  @Column({ type: 'varchar', length: 120 })
  titleAr: string;

  @Column({ type: 'varchar', length: 4000, default: '' })
  description: string;

  @Column({ type: 'varchar', length: 4000, default: '' })
  descriptionAr: string;

  @Column({ type: 'varchar', length: 16 })
  mode: string;

  @Column({ type: 'varchar', length: 200, default: '' })
  location: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  onlineUrl: string | null;

  @Column({ type: 'varchar', length: 64 })
  timeZone: string;

  @Column({ type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'timestamptz' })
  endsAt: Date;

  @Column({ type: 'int', nullable: true })
  capacity: number | null;

  @Column({ type: 'int', default: 0 })
  going: number;

  @Column({ type: 'int', nullable: true })
  earlyTierRank: number | null;

  @Column({ type: 'timestamptz' })
  rsvpOpensAt: Date;

  @Column({ type: 'timestamptz' })
  checkInOpensAt: Date;

  @Column({ type: 'timestamptz' })
  checkInClosesAt: Date;

  @Column({ type: 'int', default: 0 })
  checkInPoints: number;

  /** set once by the brand's cancel action: nothing counts, opens or draws after it */
  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  cancelReason: string | null;

  /** HMAC key of the rotating check-in codes (hex); never leaves the server */
  @Column({ type: 'varchar', length: 64 })
  secret: string;

  @ForeignKey(() => UserEntity, { onDelete: 'SET NULL' })
  @Column({ type: 'bigint', nullable: true })
  createdBy: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity('event_rsvps')
@Check(`"status" IN ('going', 'maybe', 'not_going', 'waitlist')`)
@Index('event_rsvps_waitlist_idx', ['eventId', 'waitlistedAt'], { where: `"status" = 'waitlist'` })
export class EventRsvpEntity {
  @ForeignKey(() => BrandEventEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  eventId: number;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  userId: number;

  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ type: 'timestamptz', nullable: true })
  waitlistedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

@Entity('event_check_ins')
@Unique('event_check_ins_once', ['eventId', 'userId'])
export class EventCheckInEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => BrandEventEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  eventId: number;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  userId: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity('giveaways')
@Check(`"status" IN ('open', 'drawn')`)
@Check(`"closes_at" > "opens_at"`)
@Check(`"winners_count" > 0 AND "alternates_count" >= 0 AND "entry_cost_points" >= 0 AND "max_entries_per_member" > 0`)
export class GiveawayEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => BrandEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint', nullable: true })
  brandId: number | null;

  @Column({ type: 'varchar', length: 120 })
  title: string;

  @Column({ type: 'varchar', length: 120 })
  titleAr: string;

  @Column({ type: 'varchar', length: 4000, default: '' })
  description: string;

  @Column({ type: 'varchar', length: 4000, default: '' })
  descriptionAr: string;

  @Column({ type: 'varchar', length: 200 })
  prize: string;

  @Column({ type: 'varchar', length: 200 })
  prizeAr: string;

  @Column({ type: 'timestamptz' })
  opensAt: Date;

  @Column({ type: 'timestamptz' })
  closesAt: Date;

  @Column({ type: 'int' })
  winnersCount: number;

  @Column({ type: 'int', default: 0 })
  alternatesCount: number;

  @Column({ type: 'int', default: 0 })
  entryCostPoints: number;

  @Column({ type: 'int', default: 1 })
  maxEntriesPerMember: number;

  @Column({ type: 'int', default: 0 })
  minTierRank: number;

  @Column({ type: 'int', default: 0 })
  minPoints: number;

  /** the secret seed (hex), revealed only after the draw */
  @Column({ type: 'varchar', length: 64 })
  seed: string;

  @Column({ type: 'varchar', length: 64 })
  seedHash: string;

  /** running hash of the entry list so far; the list hash once closed */
  @Column({ type: 'varchar', length: 64 })
  headHash: string;

  @Column({ type: 'int', default: 0 })
  entryCount: number;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  status: string;

  @Column({ type: 'timestamptz', nullable: true })
  drawnAt: Date | null;

  /** set once by the brand's cancel action: nothing counts, opens or draws after it */
  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  cancelReason: string | null;

  @ForeignKey(() => UserEntity, { onDelete: 'SET NULL' })
  @Column({ type: 'bigint', nullable: true })
  createdBy: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity('giveaway_entries')
@Unique('giveaway_entries_seq_key', ['giveawayId', 'seq'])
@Unique('giveaway_entries_receipt_key', ['receipt'])
@Unique('giveaway_entries_idem_key', ['giveawayId', 'userId', 'idempotencyKey'])
@Index('giveaway_entries_user_idx', ['userId'])
export class GiveawayEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => GiveawayEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  giveawayId: number;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  userId: number;

  @Column({ type: 'int' })
  seq: number;

  @Column({ type: 'varchar', length: 32 })
  receipt: string;

  @Column({ type: 'varchar', length: 64 })
  runningHash: string;

  @Column({ type: 'varchar', length: 64 })
  idempotencyKey: string;

  @Column({ type: 'bigint', nullable: true })
  debitEntryId: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

@Entity('giveaway_winners')
@Check(`"kind" IN ('winner', 'alternate')`)
@Check(`"status" IN ('pending', 'claimed', 'passed')`)
@Unique('giveaway_winners_entry_key', ['entryId'])
export class GiveawayWinnerEntity {
  @ForeignKey(() => GiveawayEntity, { onDelete: 'CASCADE' })
  @PrimaryColumn({ type: 'bigint' })
  giveawayId: number;

  @PrimaryColumn({ type: 'int' })
  position: number;

  @ForeignKey(() => GiveawayEntryEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  entryId: number;

  @Column({ type: 'varchar', length: 16 })
  kind: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: string;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;
}

export const ENGAGEMENT_ENTITIES = [
  ChallengeEntity,
  ChallengeParticipantEntity,
  ChallengeCompletionEntity,
  ChallengeCountedEventEntity,
  ChallengeSubmissionEntity,
  BrandEventEntity,
  EventRsvpEntity,
  EventCheckInEntity,
  GiveawayEntity,
  GiveawayEntryEntity,
  GiveawayWinnerEntity,
];
