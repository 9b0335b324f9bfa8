import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Every outgoing mail is written here first (an outbox). With SMTP_URL it is then sent and
 * marked; without it, this table is the development mailbox an admin reads. Nothing is
 * silently dropped: a failed send keeps its error and is retried.
 */
@Entity('mails')
@Index('mails_unsent_idx', ['createdAt'], { where: '"sent_at" IS NULL AND "transport" = \'smtp\'' })
export class MailEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ type: 'varchar', length: 254 })
  toAddress: string;

  @Column({ type: 'varchar', length: 200 })
  subject: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'varchar', length: 8 })
  transport: 'smtp' | 'dev';

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
