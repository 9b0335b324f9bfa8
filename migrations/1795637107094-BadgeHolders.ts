import type { MigrationInterface, QueryRunner } from 'typeorm';

export class BadgeHolders1795637107094 implements MigrationInterface {
  name = 'BadgeHolders1795637107094';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "badges" ADD "holders" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "badges" ADD CONSTRAINT "badges_holders" CHECK ("holders" >= 0)`);
    await queryRunner.query(
      `UPDATE "badges" b SET "holders" = (SELECT count(DISTINCT g.user_id) FROM "badge_grants" g WHERE g.badge_id = b.id AND g.revoked_at IS NULL)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "badges" DROP CONSTRAINT "badges_holders"`);
    await queryRunner.query(`ALTER TABLE "badges" DROP COLUMN "holders"`);
  }
}
