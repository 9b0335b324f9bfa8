import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who did what to whom, when and why. Written in the same transaction as the action. */
@Entity('audit_log')
@Index('audit_log_target_idx', ['targetType', 'targetId'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ type: 'bigint', nullable: true })
  actorId: number | null;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 32 })
  targetType: string;

  @Column({ type: 'bigint', nullable: true })
  targetId: number | null;

  @Column({ type: 'varchar', length: 500, default: '' })
  reason: string;

  @Column({ type: 'jsonb', default: {} })
  data: Record<string, unknown>;

  @Index('audit_log_created_idx')
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
