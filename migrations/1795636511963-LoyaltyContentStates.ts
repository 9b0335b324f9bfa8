import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LoyaltyContentStates1795636511963 implements MigrationInterface {
  name = 'LoyaltyContentStates1795636511963';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "loyalty_content_states" ("kind" character varying(16) NOT NULL, "content_id" bigint NOT NULL, "removed" boolean NOT NULL DEFAULT false, "event_id" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_7e8986946243f28e0feb7a67c0e" PRIMARY KEY ("kind", "content_id"))`);
    // posts removed before: the awards of their last generation were all reversed by a removal
    await queryRunner.query(`INSERT INTO "loyalty_content_states" ("kind", "content_id", "removed", "event_id")
      SELECT 'post', a.source_id, true, 0
        FROM "points_entries" a LEFT JOIN "points_entries" r ON r.reverses_entry_id = a.id
       WHERE a.kind = 'award' AND a.source_type IN ('post', 'reaction')
         AND a.generation = (SELECT max(m.generation) FROM "points_entries" m WHERE m.kind = 'award' AND m.source_type IN ('post', 'reaction') AND m.source_id = a.source_id)
       GROUP BY a.source_id
      HAVING count(*) FILTER (WHERE r.id IS NULL) = 0 AND count(*) FILTER (WHERE r.reason = 'web.loyalty.reasons.reversal') > 0`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "loyalty_content_states"`);
  }
}
