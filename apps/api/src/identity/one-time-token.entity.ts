import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from './user.entity';

export type TokenPurpose = 'verify-email' | 'reset-password';

/** Emailed single-use tokens (verification, password reset); only the SHA-256 is stored. */
@Entity('one_time_tokens')
@Check(`"purpose" IN ('verify-email', 'reset-password')`)
export class OneTimeTokenEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Index('one_time_tokens_user_idx')
  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE' })
  @Column({ type: 'bigint' })
  userId: number;

  @Column({ type: 'varchar', length: 16 })
  purpose: TokenPurpose;

  @Index('one_time_tokens_hash_key', { unique: true })
  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
