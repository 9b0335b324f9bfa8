import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LoyaltyExpiry1795618159060 implements MigrationInterface {
  name = 'LoyaltyExpiry1795618159060';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "loyalty_settings" ADD "expiry_days" integer`);
    await queryRunner.query(`ALTER TABLE "loyalty_settings" ADD CONSTRAINT "loyalty_settings_expiry" CHECK ("expiry_days" IS NULL OR "expiry_days" > 0)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "loyalty_settings" DROP CONSTRAINT "loyalty_settings_expiry"`);
    await queryRunner.query(`ALTER TABLE "loyalty_settings" DROP COLUMN "expiry_days"`);
  }
}
