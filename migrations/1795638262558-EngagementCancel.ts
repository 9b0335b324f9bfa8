import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EngagementCancel1795638262558 implements MigrationInterface {
  name = 'EngagementCancel1795638262558';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "challenges" ADD "cancelled_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "challenges" ADD "cancel_reason" character varying(500)`);
    await queryRunner.query(`ALTER TABLE "brand_events" ADD "cancelled_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "brand_events" ADD "cancel_reason" character varying(500)`);
    await queryRunner.query(`ALTER TABLE "giveaways" ADD "cancelled_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "giveaways" ADD "cancel_reason" character varying(500)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "giveaways" DROP COLUMN "cancel_reason"`);
    await queryRunner.query(`ALTER TABLE "giveaways" DROP COLUMN "cancelled_at"`);
    await queryRunner.query(`ALTER TABLE "brand_events" DROP COLUMN "cancel_reason"`);
    await queryRunner.query(`ALTER TABLE "brand_events" DROP COLUMN "cancelled_at"`);
    await queryRunner.query(`ALTER TABLE "challenges" DROP COLUMN "cancel_reason"`);
    await queryRunner.query(`ALTER TABLE "challenges" DROP COLUMN "cancelled_at"`);
  }
}
