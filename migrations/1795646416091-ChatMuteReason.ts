import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ChatMuteReason1795646416091 implements MigrationInterface {
  name = 'ChatMuteReason1795646416091';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "chat_mutes" ADD "reason" character varying(300) NOT NULL DEFAULT ''`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "chat_mutes" DROP COLUMN "reason"`);
  }
}
