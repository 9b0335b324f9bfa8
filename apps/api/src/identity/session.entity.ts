import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from './user.entity';

export type SessionKind = 'cookie' | 'bearer';

/**
 * A server-side session. The secret (cookie value or bearer token) is never stored: only its
 * SHA-256, so a database read does not hand out live sessions.
 */
@Entity('sessions')
@Check(`"kind" IN ('cookie', 'bearer')`)
@Index('sessions_user_active_idx', ['userId'], { where: '"revoked_at" IS NULL' })
export class SessionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  userId: number;

  @Index('sessions_token_hash_key', { unique: true })
  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 8 })
  kind: SessionKind;

  /** Synchronizer token for cookie sessions (sent back as X-CSRF-Token). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  csrfToken: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  userAgent: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz' })
  lastSeenAt: Date;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  revokedReason: string | null;
}
