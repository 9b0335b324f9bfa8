import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../identity/user.entity';

/** An in-app notification. `dedupeKey` makes a redelivered event notify once. */
@Entity('notifications')
@Index('notifications_user_idx', ['userId', 'id'])
@Index('notifications_unread_idx', ['userId'], { where: '"read_at" IS NULL' })
@Index('notifications_dedupe_key', ['userId', 'dedupeKey'], { unique: true, where: '"dedupe_key" IS NOT NULL' })
export class NotificationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  userId: number;

  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'jsonb', default: {} })
  data: Record<string, unknown>;

  @Column({ type: 'varchar', length: 120, nullable: true })
  dedupeKey: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  readAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
