import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Domain events, written in the transaction of the action that raised them and handled
 * afterwards, at least once, by every subscriber (each subscriber is idempotent through unique
 * keys). A crash between commit and handling loses nothing: the row waits here.
 */
@Entity('outbox')
@Index('outbox_pending_idx', ['nextAttemptAt', 'id'], { where: '"processed_at" IS NULL' })
// the oldest pending event of a type (how far the leaderboards lag behind) without reading every pending row
@Index('outbox_pending_type_idx', ['type', 'createdAt'], { where: '"processed_at" IS NULL' })
export class OutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  processedAt: Date | null;
}

/**
 * One row per (event, subscriber) that has handled the event, written in the subscriber's own
 * transaction together with its effects: a subscriber's effects happen exactly once, and a
 * failing subscriber neither blocks nor repeats the others.
 */
@Entity('outbox_handled')
export class OutboxHandledEntity {
  @PrimaryColumn({ type: 'bigint' })
  eventId: number;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  handler: string;

  @CreateDateColumn({ type: 'timestamptz' })
  handledAt: Date;

  @ManyToOne(() => OutboxEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: OutboxEntity;
}
