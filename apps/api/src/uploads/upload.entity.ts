import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { UploadKind } from '@wala/contract';

/**
 * An uploaded image, re-encoded by the server. Kept in PostgreSQL so every API node can
 * serve it without shared disks.
 */
@Entity('uploads')
@Check(`"kind" IN ('avatar', 'brand-logo', 'badge-icon', 'reward-image')`)
export class UploadEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Index('uploads_owner_idx')
  @Column({ type: 'bigint', nullable: true })
  ownerId: number | null;

  @Column({ type: 'varchar', length: 16 })
  kind: UploadKind;

  @Column({ type: 'varchar', length: 40 })
  contentType: string;

  @Column({ type: 'int' })
  width: number;

  @Column({ type: 'int' })
  height: number;

  @Column({ type: 'int' })
  bytes: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'bytea', select: false })
  data: Buffer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
