import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxHandled1795614788225 implements MigrationInterface {
  name = 'OutboxHandled1795614788225';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "outbox_handled" ("event_id" bigint NOT NULL, "handler" character varying(100) NOT NULL, "handled_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a54f8132736343675c86c903722" PRIMARY KEY ("event_id", "handler"))`);
    await queryRunner.query(`ALTER TABLE "outbox_handled" ADD CONSTRAINT "FK_c40d050632cf78dbf9a5412c2a3" FOREIGN KEY ("event_id") REFERENCES "outbox"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_handled" DROP CONSTRAINT "FK_c40d050632cf78dbf9a5412c2a3"`);
    await queryRunner.query(`DROP TABLE "outbox_handled"`);
  }
}
