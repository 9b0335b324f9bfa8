import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxPendingByType1795631646881 implements MigrationInterface {
  name = 'OutboxPendingByType1795631646881';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "outbox_pending_type_idx" ON "outbox" ("type", "created_at") WHERE "processed_at" IS NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."outbox_pending_type_idx"`);
  }
}
