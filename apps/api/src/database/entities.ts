import { AuditLogEntity } from '../audit/audit-log.entity';
import { BrandEntity, BrandMemberEntity } from '../brands/brand.entity';
import { OneTimeTokenEntity } from '../identity/one-time-token.entity';
import { SessionEntity } from '../identity/session.entity';
import { UserEntity } from '../identity/user.entity';
import { MailEntity } from '../mail/mail.entity';
import { OutboxEntity } from '../events/outbox.entity';
import { OutboxHandledEntity } from '../events/outbox.entity';
import { NotificationEntity } from '../notifications/notification.entity';
import { UploadEntity } from '../uploads/upload.entity';
import { PointsBalanceEntity, PointsEntryEntity, TierEntity } from '../loyalty/ledger.entity';

/** Every entity of the platform; the migration drift check compares them with migrations/. */
export const ENTITIES = [
  UserEntity,
  SessionEntity,
  OneTimeTokenEntity,
  BrandEntity,
  BrandMemberEntity,
  UploadEntity,
  MailEntity,
  AuditLogEntity,
  OutboxEntity,
  OutboxHandledEntity,
  NotificationEntity,
  PointsEntryEntity,
  PointsBalanceEntity,
  TierEntity,
];
