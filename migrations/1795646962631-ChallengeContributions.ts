import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ChallengeContributions1795646962631 implements MigrationInterface {
  name = 'ChallengeContributions1795646962631';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "challenge_counted_events" ADD "steps" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(`ALTER TABLE "challenge_counted_events" ADD "removed" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`CREATE INDEX "challenge_counted_events_source_idx" ON "challenge_counted_events" ("source_key") `);
    // counted before: the steps of their action (the category and tag they had are not kept; they matched when counted)
    await queryRunner.query(`UPDATE "challenge_counted_events" e SET "steps" = COALESCE((
      SELECT jsonb_agg(s.i - 1 ORDER BY s.i) FROM "challenges" c CROSS JOIN LATERAL jsonb_array_elements(c.steps) WITH ORDINALITY AS s(v, i)
       WHERE c.id = e.challenge_id
         AND s.v->>'action' = CASE split_part(e.source_key, ':', 1) WHEN 'post' THEN 'post.created' WHEN 'reaction' THEN 'reaction.added'
                                WHEN 'chat' THEN 'chat.message_sent' WHEN 'checkin' THEN 'event.checked_in' WHEN 'survey' THEN 'survey.answered' END), '[]')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."challenge_counted_events_source_idx"`);
    await queryRunner.query(`ALTER TABLE "challenge_counted_events" DROP COLUMN "removed"`);
    await queryRunner.query(`ALTER TABLE "challenge_counted_events" DROP COLUMN "steps"`);
  }
}
