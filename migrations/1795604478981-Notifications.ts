import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1795604478981 implements MigrationInterface {
  name = 'Notifications1795604478981';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "notifications" ("id" BIGSERIAL NOT NULL, "user_id" bigint NOT NULL, "kind" character varying(40) NOT NULL, "data" jsonb NOT NULL DEFAULT '{}', "dedupe_key" character varying(120), "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "notifications_dedupe_key" ON "notifications" ("user_id", "dedupe_key") WHERE "dedupe_key" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "notifications_unread_idx" ON "notifications" ("user_id") WHERE "read_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX "notifications_user_idx" ON "notifications" ("user_id", "id") `);
    await queryRunner.query(`ALTER TABLE "notifications" ADD CONSTRAINT "FK_9a8a82462cab47c73d25f49261f" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "FK_9a8a82462cab47c73d25f49261f"`);
    await queryRunner.query(`DROP INDEX "public"."notifications_user_idx"`);
    await queryRunner.query(`DROP INDEX "public"."notifications_unread_idx"`);
    await queryRunner.query(`DROP INDEX "public"."notifications_dedupe_key"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
  }
}
