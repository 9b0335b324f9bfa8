import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Engagement1795614818010 implements MigrationInterface {
  name = 'Engagement1795614818010';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "challenges" ("id" BIGSERIAL NOT NULL, "brand_id" bigint, "title" character varying(120) NOT NULL, "title_ar" character varying(120) NOT NULL, "description" character varying(4000) NOT NULL DEFAULT '', "description_ar" character varying(4000) NOT NULL DEFAULT '', "kind" character varying(16) NOT NULL, "scope" character varying(16) NOT NULL DEFAULT 'individual', "steps" jsonb NOT NULL DEFAULT '[]', "streak_days" integer, "community_target" integer, "community_progress" integer NOT NULL DEFAULT '0', "quiz" jsonb, "max_attempts" integer, "pass_score" integer, "points" integer NOT NULL DEFAULT '0', "badge_id" bigint, "pledge_campaign_id" bigint, "min_tier_rank" integer NOT NULL DEFAULT '0', "min_member_days" integer NOT NULL DEFAULT '0', "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "community_reached_at" TIMESTAMP WITH TIME ZONE, "created_by" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_b1e5f6bc93b95687d56744f016" CHECK ("points" >= 0 AND "community_progress" >= 0 AND "min_tier_rank" >= 0 AND "min_member_days" >= 0), CONSTRAINT "CHK_865bba208e30960c79c03729b6" CHECK ("ends_at" > "starts_at"), CONSTRAINT "CHK_389187143bb4735141aa123950" CHECK ("scope" IN ('individual', 'community')), CONSTRAINT "CHK_3a60966ba2dec882412b03c173" CHECK ("kind" IN ('action', 'steps', 'streak', 'quiz', 'submission')), CONSTRAINT "PK_1e664e93171e20fe4d6125466af" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "challenges_brand_idx" ON "challenges" ("brand_id", "id") `);
    await queryRunner.query(`CREATE TABLE "challenge_participants" ("challenge_id" bigint NOT NULL, "user_id" bigint NOT NULL, "progress" jsonb NOT NULL DEFAULT '[]', "total" integer NOT NULL DEFAULT '0', "last_day" date, "attempts" integer NOT NULL DEFAULT '0', "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_931e5567a4dc157301e2912db45" PRIMARY KEY ("challenge_id", "user_id"))`);
    await queryRunner.query(`CREATE INDEX "challenge_participants_user_idx" ON "challenge_participants" ("user_id") `);
    await queryRunner.query(`CREATE INDEX "challenge_participants_board_idx" ON "challenge_participants" ("challenge_id", "total", "user_id") `);
    await queryRunner.query(`CREATE TABLE "challenge_completions" ("id" BIGSERIAL NOT NULL, "challenge_id" bigint NOT NULL, "user_id" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "challenge_completions_once" UNIQUE ("challenge_id", "user_id"), CONSTRAINT "PK_02cdc0f2c385611ee53c90a38f8" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "challenge_counted_events" ("challenge_id" bigint NOT NULL, "user_id" bigint NOT NULL, "source_key" character varying(80) NOT NULL, CONSTRAINT "PK_e4a78a2e6278748b19262d48aa5" PRIMARY KEY ("challenge_id", "user_id", "source_key"))`);
    await queryRunner.query(`CREATE TABLE "challenge_submissions" ("id" BIGSERIAL NOT NULL, "challenge_id" bigint NOT NULL, "user_id" bigint NOT NULL, "text" character varying(4000) NOT NULL, "upload_id" bigint, "status" character varying(16) NOT NULL DEFAULT 'pending', "reason" character varying(500), "reviewed_by" bigint, "reviewed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_a62c6e7a1391c1c693e3be23d8" CHECK ("status" IN ('pending', 'approved', 'rejected')), CONSTRAINT "PK_eec7755efddb51fe2cf1d912da3" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "challenge_submissions_list_idx" ON "challenge_submissions" ("challenge_id", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "challenge_submissions_open_key" ON "challenge_submissions" ("challenge_id", "user_id") WHERE "status" IN ('pending', 'approved')`);
    await queryRunner.query(`CREATE TABLE "brand_events" ("id" BIGSERIAL NOT NULL, "brand_id" bigint, "title" character varying(120) NOT NULL, "title_ar" character varying(120) NOT NULL, "description" character varying(4000) NOT NULL DEFAULT '', "description_ar" character varying(4000) NOT NULL DEFAULT '', "mode" character varying(16) NOT NULL, "location" character varying(200) NOT NULL DEFAULT '', "online_url" character varying(500), "time_zone" character varying(64) NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "capacity" integer, "going" integer NOT NULL DEFAULT '0', "early_tier_rank" integer, "rsvp_opens_at" TIMESTAMP WITH TIME ZONE NOT NULL, "check_in_opens_at" TIMESTAMP WITH TIME ZONE NOT NULL, "check_in_closes_at" TIMESTAMP WITH TIME ZONE NOT NULL, "check_in_points" integer NOT NULL DEFAULT '0', "secret" character varying(64) NOT NULL, "created_by" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_5cd7954b1125f40b0265f250f3" CHECK ("going" >= 0 AND "check_in_points" >= 0), CONSTRAINT "CHK_56f5169a8e82bd06a2135b5422" CHECK ("capacity" IS NULL OR ("capacity" > 0 AND "going" <= "capacity")), CONSTRAINT "CHK_82f3f8763c3a3ec2c6c708d2a1" CHECK ("ends_at" > "starts_at"), CONSTRAINT "CHK_48309e1ed20ae59dc7b0991312" CHECK ("mode" IN ('online', 'in_person')), CONSTRAINT "PK_560e0ba02c2cafa9b9b6048bd5f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "brand_events_start_idx" ON "brand_events" ("starts_at", "id") `);
    await queryRunner.query(`CREATE TABLE "event_rsvps" ("event_id" bigint NOT NULL, "user_id" bigint NOT NULL, "status" character varying(16) NOT NULL, "waitlisted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_8a650a584102d64a9ded8410c1" CHECK ("status" IN ('going', 'maybe', 'not_going', 'waitlist')), CONSTRAINT "PK_90472d80289aa439005f1ab4fa4" PRIMARY KEY ("event_id", "user_id"))`);
    await queryRunner.query(`CREATE INDEX "event_rsvps_waitlist_idx" ON "event_rsvps" ("event_id", "waitlisted_at") WHERE "status" = 'waitlist'`);
    await queryRunner.query(`CREATE TABLE "event_check_ins" ("id" BIGSERIAL NOT NULL, "event_id" bigint NOT NULL, "user_id" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "event_check_ins_once" UNIQUE ("event_id", "user_id"), CONSTRAINT "PK_6f525a3f33347abf6cec6c3d7d8" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "giveaways" ("id" BIGSERIAL NOT NULL, "brand_id" bigint, "title" character varying(120) NOT NULL, "title_ar" character varying(120) NOT NULL, "description" character varying(4000) NOT NULL DEFAULT '', "description_ar" character varying(4000) NOT NULL DEFAULT '', "prize" character varying(200) NOT NULL, "prize_ar" character varying(200) NOT NULL, "opens_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closes_at" TIMESTAMP WITH TIME ZONE NOT NULL, "winners_count" integer NOT NULL, "alternates_count" integer NOT NULL DEFAULT '0', "entry_cost_points" integer NOT NULL DEFAULT '0', "max_entries_per_member" integer NOT NULL DEFAULT '1', "min_tier_rank" integer NOT NULL DEFAULT '0', "min_points" integer NOT NULL DEFAULT '0', "seed" character varying(64) NOT NULL, "seed_hash" character varying(64) NOT NULL, "head_hash" character varying(64) NOT NULL, "entry_count" integer NOT NULL DEFAULT '0', "status" character varying(16) NOT NULL DEFAULT 'open', "drawn_at" TIMESTAMP WITH TIME ZONE, "created_by" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_cadbff0f92fd93671cc378104d" CHECK ("winners_count" > 0 AND "alternates_count" >= 0 AND "entry_cost_points" >= 0 AND "max_entries_per_member" > 0), CONSTRAINT "CHK_4d9f492c6f7608b6fb1e063c2d" CHECK ("closes_at" > "opens_at"), CONSTRAINT "CHK_debd027d5e30c705373ca41bbd" CHECK ("status" IN ('open', 'drawn')), CONSTRAINT "PK_e3f0499e209a1e613eb893d770f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "giveaway_entries" ("id" BIGSERIAL NOT NULL, "giveaway_id" bigint NOT NULL, "user_id" bigint NOT NULL, "seq" integer NOT NULL, "receipt" character varying(32) NOT NULL, "running_hash" character varying(64) NOT NULL, "idempotency_key" character varying(64) NOT NULL, "debit_entry_id" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "giveaway_entries_idem_key" UNIQUE ("giveaway_id", "user_id", "idempotency_key"), CONSTRAINT "giveaway_entries_receipt_key" UNIQUE ("receipt"), CONSTRAINT "giveaway_entries_seq_key" UNIQUE ("giveaway_id", "seq"), CONSTRAINT "PK_3e12899c3eb9af34750f0c9be7d" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "giveaway_entries_user_idx" ON "giveaway_entries" ("user_id") `);
    await queryRunner.query(`CREATE TABLE "giveaway_winners" ("giveaway_id" bigint NOT NULL, "position" integer NOT NULL, "entry_id" bigint NOT NULL, "kind" character varying(16) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'pending', "decided_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "giveaway_winners_entry_key" UNIQUE ("entry_id"), CONSTRAINT "CHK_67585523deaae0bb3f6d3c71d2" CHECK ("status" IN ('pending', 'claimed', 'passed')), CONSTRAINT "CHK_81c7a824007a886c5807db6aab" CHECK ("kind" IN ('winner', 'alternate')), CONSTRAINT "PK_6c81649769a2c5b96a28898ee82" PRIMARY KEY ("giveaway_id", "position"))`);
    await queryRunner.query(`ALTER TABLE "challenges" ADD CONSTRAINT "FK_1d829fcb663159722a70da9caab" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "challenges" ADD CONSTRAINT "FK_1e1f02fc7bc2f3a792ecb0ad58e" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "challenge_participants" ADD CONSTRAINT "FK_a4b4a1ca9ccc6f110d0e1037056" FOREIGN KEY ("challenge_id") REFERENCES "challenges"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "challenge_participants" ADD CONSTRAINT "FK_b98686bb3cea5782ee99733cfbc" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "challenge_completions" ADD CONSTRAINT "FK_42dd5413383efb41c6bb32dfd6e" FOREIGN KEY ("challenge_id") REFERENCES "challenges"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "challenge_completions" ADD CONSTRAINT "FK_9e46cf16e1b7e12891d0ed9a738" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "challenge_counted_events" ADD CONSTRAINT "FK_486532d9e1ef2059b880df391db" FOREIGN KEY ("challenge_id") REFERENCES "challenges"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "challenge_counted_events" ADD CONSTRAINT "FK_185c1e210bba7a03f71614d5b8e" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "challenge_submissions" ADD CONSTRAINT "FK_c6ac7440e2bad78a93aa92a55a9" FOREIGN KEY ("challenge_id") REFERENCES "challenges"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "challenge_submissions" ADD CONSTRAINT "FK_c108b83a647743ad2d7672e6c7e" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "challenge_submissions" ADD CONSTRAINT "FK_b5b84e8b675e71325ff9964c51c" FOREIGN KEY ("upload_id") REFERENCES "uploads"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "challenge_submissions" ADD CONSTRAINT "FK_07599382a44917844114ef3f343" FOREIGN KEY ("reviewed_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "brand_events" ADD CONSTRAINT "FK_3afcc0d0d3e772a6a1e3d069bc3" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "brand_events" ADD CONSTRAINT "FK_8d9d60d3fb675f2dd17e458851d" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "event_rsvps" ADD CONSTRAINT "FK_db0b9c02cf734572db6a58b7fd2" FOREIGN KEY ("event_id") REFERENCES "brand_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "event_rsvps" ADD CONSTRAINT "FK_0b4fae38ac7839d3749067206df" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "event_check_ins" ADD CONSTRAINT "FK_a50a00ecc15c4c185cc2d5ddc03" FOREIGN KEY ("event_id") REFERENCES "brand_events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "event_check_ins" ADD CONSTRAINT "FK_9a10558725ed5ae8a0fee9dab76" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "giveaways" ADD CONSTRAINT "FK_893236fff3ea06c0982e801455f" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "giveaways" ADD CONSTRAINT "FK_8deaeb23bab3f2e4e87c757167d" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "giveaway_entries" ADD CONSTRAINT "FK_e90c3ac7a92ab726ec29f3ee5cb" FOREIGN KEY ("giveaway_id") REFERENCES "giveaways"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "giveaway_entries" ADD CONSTRAINT "FK_94bf02dfe0af06fb2674e07efc4" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "giveaway_winners" ADD CONSTRAINT "FK_469176ea780be661e6fdf28aeb3" FOREIGN KEY ("giveaway_id") REFERENCES "giveaways"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "giveaway_winners" ADD CONSTRAINT "FK_312ddca1a74d2d1e6876275d6ea" FOREIGN KEY ("entry_id") REFERENCES "giveaway_entries"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "giveaway_winners" DROP CONSTRAINT "FK_312ddca1a74d2d1e6876275d6ea"`);
    await queryRunner.query(`ALTER TABLE "giveaway_winners" DROP CONSTRAINT "FK_469176ea780be661e6fdf28aeb3"`);
    await queryRunner.query(`ALTER TABLE "giveaway_entries" DROP CONSTRAINT "FK_94bf02dfe0af06fb2674e07efc4"`);
    await queryRunner.query(`ALTER TABLE "giveaway_entries" DROP CONSTRAINT "FK_e90c3ac7a92ab726ec29f3ee5cb"`);
    await queryRunner.query(`ALTER TABLE "giveaways" DROP CONSTRAINT "FK_8deaeb23bab3f2e4e87c757167d"`);
    await queryRunner.query(`ALTER TABLE "giveaways" DROP CONSTRAINT "FK_893236fff3ea06c0982e801455f"`);
    await queryRunner.query(`ALTER TABLE "event_check_ins" DROP CONSTRAINT "FK_9a10558725ed5ae8a0fee9dab76"`);
    await queryRunner.query(`ALTER TABLE "event_check_ins" DROP CONSTRAINT "FK_a50a00ecc15c4c185cc2d5ddc03"`);
    await queryRunner.query(`ALTER TABLE "event_rsvps" DROP CONSTRAINT "FK_0b4fae38ac7839d3749067206df"`);
    await queryRunner.query(`ALTER TABLE "event_rsvps" DROP CONSTRAINT "FK_db0b9c02cf734572db6a58b7fd2"`);
    await queryRunner.query(`ALTER TABLE "brand_events" DROP CONSTRAINT "FK_8d9d60d3fb675f2dd17e458851d"`);
    await queryRunner.query(`ALTER TABLE "brand_events" DROP CONSTRAINT "FK_3afcc0d0d3e772a6a1e3d069bc3"`);
    await queryRunner.query(`ALTER TABLE "challenge_submissions" DROP CONSTRAINT "FK_07599382a44917844114ef3f343"`);
    await queryRunner.query(`ALTER TABLE "challenge_submissions" DROP CONSTRAINT "FK_b5b84e8b675e71325ff9964c51c"`);
    await queryRunner.query(`ALTER TABLE "challenge_submissions" DROP CONSTRAINT "FK_c108b83a647743ad2d7672e6c7e"`);
    await queryRunner.query(`ALTER TABLE "challenge_submissions" DROP CONSTRAINT "FK_c6ac7440e2bad78a93aa92a55a9"`);
    await queryRunner.query(`ALTER TABLE "challenge_counted_events" DROP CONSTRAINT "FK_185c1e210bba7a03f71614d5b8e"`);
    await queryRunner.query(`ALTER TABLE "challenge_counted_events" DROP CONSTRAINT "FK_486532d9e1ef2059b880df391db"`);
    await queryRunner.query(`ALTER TABLE "challenge_completions" DROP CONSTRAINT "FK_9e46cf16e1b7e12891d0ed9a738"`);
    await queryRunner.query(`ALTER TABLE "challenge_completions" DROP CONSTRAINT "FK_42dd5413383efb41c6bb32dfd6e"`);
    await queryRunner.query(`ALTER TABLE "challenge_participants" DROP CONSTRAINT "FK_b98686bb3cea5782ee99733cfbc"`);
    await queryRunner.query(`ALTER TABLE "challenge_participants" DROP CONSTRAINT "FK_a4b4a1ca9ccc6f110d0e1037056"`);
    await queryRunner.query(`ALTER TABLE "challenges" DROP CONSTRAINT "FK_1e1f02fc7bc2f3a792ecb0ad58e"`);
    await queryRunner.query(`ALTER TABLE "challenges" DROP CONSTRAINT "FK_1d829fcb663159722a70da9caab"`);
    await queryRunner.query(`DROP TABLE "giveaway_winners"`);
    await queryRunner.query(`DROP INDEX "public"."giveaway_entries_user_idx"`);
    await queryRunner.query(`DROP TABLE "giveaway_entries"`);
    await queryRunner.query(`DROP TABLE "giveaways"`);
    await queryRunner.query(`DROP TABLE "event_check_ins"`);
    await queryRunner.query(`DROP INDEX "public"."event_rsvps_waitlist_idx"`);
    await queryRunner.query(`DROP TABLE "event_rsvps"`);
    await queryRunner.query(`DROP INDEX "public"."brand_events_start_idx"`);
    await queryRunner.query(`DROP TABLE "brand_events"`);
    await queryRunner.query(`DROP INDEX "public"."challenge_submissions_open_key"`);
    await queryRunner.query(`DROP INDEX "public"."challenge_submissions_list_idx"`);
    await queryRunner.query(`DROP TABLE "challenge_submissions"`);
    await queryRunner.query(`DROP TABLE "challenge_counted_events"`);
    await queryRunner.query(`DROP TABLE "challenge_completions"`);
    await queryRunner.query(`DROP INDEX "public"."challenge_participants_board_idx"`);
    await queryRunner.query(`DROP INDEX "public"."challenge_participants_user_idx"`);
    await queryRunner.query(`DROP TABLE "challenge_participants"`);
    await queryRunner.query(`DROP INDEX "public"."challenges_brand_idx"`);
    await queryRunner.query(`DROP TABLE "challenges"`);
  }
}
