import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { translatorFor, type Locale } from '@wala/contract';
import { createTransport, type Transporter } from 'nodemailer';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { rows } from '../common/sql';

const RETRY_EVERY_MS = 60_000;
const MAX_ATTEMPTS = 10;

/**
 * Mail goes through an outbox table: `queue()` writes the message in the caller's transaction,
 * then it is sent after commit (SMTP_URL) or kept as the development mailbox an admin reads
 * at /admin/mails. Failed sends stay in the table with their error and are retried.
 */
@Injectable()
export class MailService implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('Mail');
  private readonly transport: Transporter | null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ds: DataSource,
  ) {
    this.transport = config.smtpUrl ? createTransport(config.smtpUrl) : null;
  }

  onModuleInit(): void {
    if (this.transport) {
      this.timer = setInterval(() => void this.flush().catch((e) => this.log.warn(`mail retry: ${String(e)}`)), RETRY_EVERY_MS);
      this.timer.unref();
    }
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async queue(em: EntityManager, to: string, subject: string, text: string): Promise<number> {
    const [row] = await rows<{ id: number }>(
      em,
      `INSERT INTO mails (to_address, subject, text, transport) VALUES ($1, $2, $3, $4) RETURNING id`,
      [to, subject.slice(0, 200), text, this.transport ? 'smtp' : 'dev'],
    );
    return row.id;
  }

  /** A localized message from the `mail.` catalog entries `<key>_subject` / `<key>_body`. */
  async queueTemplate(
    em: EntityManager,
    to: string,
    locale: Locale,
    key: 'verify' | 'reset',
    params: Record<string, string>,
  ): Promise<number> {
    const t = translatorFor(locale);
    const p = { community: this.config.communityName, ...params };
    return this.queue(em, to, t(`mail.${key}_subject`, p), t(`mail.${key}_body`, p));
  }

  /** Sends what is waiting (called after commit, and periodically). */
  async flush(): Promise<void> {
    if (!this.transport) return;
    const pending = await rows<{ id: number; to_address: string; subject: string; text: string }>(
      this.ds,
      `SELECT id, to_address, subject, text FROM mails
        WHERE sent_at IS NULL AND transport = 'smtp' AND attempts < $1 ORDER BY id LIMIT 50`,
      [MAX_ATTEMPTS],
    );
    for (const m of pending) {
      try {
        await this.transport.sendMail({
          from: `"${this.config.communityName}" <no-reply@${new URL(this.config.publicUrl).hostname}>`,
          to: m.to_address,
          subject: m.subject,
          text: m.text,
        });
        await this.ds.query(`UPDATE mails SET sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1`, [m.id]);
      } catch (e) {
        await this.ds.query(`UPDATE mails SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [m.id, String(e).slice(0, 500)]);
        this.log.warn(`mail ${m.id} not sent: ${String(e)}`);
      }
    }
  }
}
