import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LoyaltyRules1795614706097 implements MigrationInterface {
  name = 'LoyaltyRules1795614706097';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "loyalty_settings" ("id" integer NOT NULL, "time_zone" character varying(64) NOT NULL DEFAULT 'UTC', "week_start" smallint NOT NULL DEFAULT '1', "tier_window_days" integer NOT NULL DEFAULT '365', "pending_days" integer NOT NULL DEFAULT '7', "reaction_pair_daily_limit" integer NOT NULL DEFAULT '3', "referral_monthly_limit" integer NOT NULL DEFAULT '10', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "loyalty_settings_numbers" CHECK ("tier_window_days" > 0 AND "pending_days" >= 0 AND "reaction_pair_daily_limit" >= 0 AND "referral_monthly_limit" >= 0), CONSTRAINT "loyalty_settings_week_start" CHECK ("week_start" BETWEEN 0 AND 6), CONSTRAINT "loyalty_settings_single" CHECK ("id" = 1), CONSTRAINT "PK_7b34b83dba52e72aa5b9f9c8df3" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "earning_rules" ("id" BIGSERIAL NOT NULL, "action" character varying(40) NOT NULL, "points" integer NOT NULL, "daily_cap" integer, "weekly_cap" integer, "category_ids" jsonb NOT NULL DEFAULT '[]', "brand_id" bigint, "starts_at" TIMESTAMP WITH TIME ZONE, "ends_at" TIMESTAMP WITH TIME ZONE, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "earning_rules_caps" CHECK (("daily_cap" IS NULL OR "daily_cap" > 0) AND ("weekly_cap" IS NULL OR "weekly_cap" > 0)), CONSTRAINT "earning_rules_points" CHECK ("points" > 0 AND "points" <= 100000), CONSTRAINT "earning_rules_action" CHECK ("action" IN ('topic.created', 'post.replied', 'reaction.received', 'post.accepted', 'post.featured', 'member.visited', 'chat.message_sent',
 'challenge.completed', 'event.checked_in', 'survey.answered', 'referral.signed_up', 'referral.first_post', 'member.profile_completed', 'member.birthday')), CONSTRAINT "PK_d9799968a44c5df89bbbf894d47" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "earning_rules_action_idx" ON "earning_rules" ("action") `);
    await queryRunner.query(`CREATE TABLE "points_campaigns" ("id" BIGSERIAL NOT NULL, "name" character varying(80) NOT NULL, "name_ar" character varying(80) NOT NULL, "multiplier_pct" integer NOT NULL, "action" character varying(40), "brand_id" bigint, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "points_campaigns_action" CHECK ("action" IS NULL OR "action" IN ('topic.created', 'post.replied', 'reaction.received', 'post.accepted', 'post.featured', 'member.visited', 'chat.message_sent',
 'challenge.completed', 'event.checked_in', 'survey.answered', 'referral.signed_up', 'referral.first_post', 'member.profile_completed', 'member.birthday')), CONSTRAINT "points_campaigns_window" CHECK ("ends_at" > "starts_at"), CONSTRAINT "points_campaigns_multiplier" CHECK ("multiplier_pct" BETWEEN 100 AND 1000), CONSTRAINT "PK_1926fdc4aef0822d7c493b47150" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "points_campaigns_window_idx" ON "points_campaigns" ("ends_at") `);
    await queryRunner.query(`CREATE TABLE "badges" ("id" BIGSERIAL NOT NULL, "slug" character varying(40) NOT NULL, "name" character varying(60) NOT NULL, "name_ar" character varying(60) NOT NULL, "description" character varying(300) NOT NULL DEFAULT '', "description_ar" character varying(300) NOT NULL DEFAULT '', "icon_upload_id" bigint, "criteria" jsonb NOT NULL DEFAULT '{"type":"manual"}', "multi" boolean NOT NULL DEFAULT false, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8a651318b8de577e8e217676466" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "badges_slug_key" ON "badges" ("slug") `);
    await queryRunner.query(`CREATE TABLE "badge_grants" ("id" BIGSERIAL NOT NULL, "badge_id" bigint NOT NULL, "user_id" bigint NOT NULL, "grant_key" character varying(60) NOT NULL, "reason" character varying(200) NOT NULL DEFAULT '', "actor_id" bigint, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9b874573d58841f95e1783ee9f7" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "badge_grants_user_idx" ON "badge_grants" ("user_id", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "badge_grants_once" ON "badge_grants" ("badge_id", "user_id", "grant_key") `);
    await queryRunner.query(`CREATE TABLE "loyalty_streaks" ("user_id" bigint NOT NULL, "current" integer NOT NULL DEFAULT '0', "longest" integer NOT NULL DEFAULT '0', "last_day" date, CONSTRAINT "PK_939d7329bc49806c75fb42818e1" PRIMARY KEY ("user_id"))`);
    await queryRunner.query(`CREATE TABLE "loyalty_referrals" ("referee_id" bigint NOT NULL, "referrer_id" bigint NOT NULL, "verified_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5280067cebb06b0217c3977b5e3" PRIMARY KEY ("referee_id"))`);
    await queryRunner.query(`CREATE INDEX "loyalty_referrals_referrer_idx" ON "loyalty_referrals" ("referrer_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "leaderboard_scores" ("period" character varying(5) NOT NULL, "period_start" date NOT NULL, "brand_id" bigint NOT NULL, "user_id" bigint NOT NULL, "points" integer NOT NULL DEFAULT '0', CONSTRAINT "leaderboard_scores_period" CHECK ("period" IN ('week', 'month', 'all')), CONSTRAINT "PK_888ee6102c814af692f0c75362f" PRIMARY KEY ("period", "period_start", "brand_id", "user_id"))`);
    await queryRunner.query(`CREATE INDEX "leaderboard_scores_top_idx" ON "leaderboard_scores" ("period", "period_start", "brand_id", "points", "user_id") `);
    await queryRunner.query(`CREATE TABLE "leaderboard_buckets" ("period" character varying(5) NOT NULL, "period_start" date NOT NULL, "brand_id" bigint NOT NULL, "points" integer NOT NULL, "members" integer NOT NULL DEFAULT '0', CONSTRAINT "leaderboard_buckets_members" CHECK ("members" >= 0), CONSTRAINT "PK_576aee9b052282dc69e51dc1155" PRIMARY KEY ("period", "period_start", "brand_id", "points"))`);
    await queryRunner.query(`ALTER TABLE "earning_rules" ADD CONSTRAINT "FK_0e92d3927fea848b315ff072499" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "points_campaigns" ADD CONSTRAINT "FK_c7d50dcb76c5efa1efefc5e53f3" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "badges" ADD CONSTRAINT "FK_e0bc8bb1bc92c52ea8cf1996615" FOREIGN KEY ("icon_upload_id") REFERENCES "uploads"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "badge_grants" ADD CONSTRAINT "FK_bbbc3a5827c17d4117de8cb2701" FOREIGN KEY ("badge_id") REFERENCES "badges"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "badge_grants" ADD CONSTRAINT "FK_7fed4813aed3fb2fcf5e04b5560" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "badge_grants" ADD CONSTRAINT "FK_90d6508cdd25ff4c9cf012cb0bd" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "loyalty_streaks" ADD CONSTRAINT "FK_939d7329bc49806c75fb42818e1" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "loyalty_referrals" ADD CONSTRAINT "FK_5280067cebb06b0217c3977b5e3" FOREIGN KEY ("referee_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "loyalty_referrals" ADD CONSTRAINT "FK_6469740453ae3decfaa71f805cb" FOREIGN KEY ("referrer_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "leaderboard_scores" ADD CONSTRAINT "FK_4c117805f3d7e927eb8831d08d0" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`INSERT INTO "loyalty_settings" ("id") VALUES (1)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "leaderboard_scores" DROP CONSTRAINT "FK_4c117805f3d7e927eb8831d08d0"`);
    await queryRunner.query(`ALTER TABLE "loyalty_referrals" DROP CONSTRAINT "FK_6469740453ae3decfaa71f805cb"`);
    await queryRunner.query(`ALTER TABLE "loyalty_referrals" DROP CONSTRAINT "FK_5280067cebb06b0217c3977b5e3"`);
    await queryRunner.query(`ALTER TABLE "loyalty_streaks" DROP CONSTRAINT "FK_939d7329bc49806c75fb42818e1"`);
    await queryRunner.query(`ALTER TABLE "badge_grants" DROP CONSTRAINT "FK_90d6508cdd25ff4c9cf012cb0bd"`);
    await queryRunner.query(`ALTER TABLE "badge_grants" DROP CONSTRAINT "FK_7fed4813aed3fb2fcf5e04b5560"`);
    await queryRunner.query(`ALTER TABLE "badge_grants" DROP CONSTRAINT "FK_bbbc3a5827c17d4117de8cb2701"`);
    await queryRunner.query(`ALTER TABLE "badges" DROP CONSTRAINT "FK_e0bc8bb1bc92c52ea8cf1996615"`);
    await queryRunner.query(`ALTER TABLE "points_campaigns" DROP CONSTRAINT "FK_c7d50dcb76c5efa1efefc5e53f3"`);
    await queryRunner.query(`ALTER TABLE "earning_rules" DROP CONSTRAINT "FK_0e92d3927fea848b315ff072499"`);
    await queryRunner.query(`DROP TABLE "leaderboard_buckets"`);
    await queryRunner.query(`DROP INDEX "public"."leaderboard_scores_top_idx"`);
    await queryRunner.query(`DROP TABLE "leaderboard_scores"`);
    await queryRunner.query(`DROP INDEX "public"."loyalty_referrals_referrer_idx"`);
    await queryRunner.query(`DROP TABLE "loyalty_referrals"`);
    await queryRunner.query(`DROP TABLE "loyalty_streaks"`);
    await queryRunner.query(`DROP INDEX "public"."badge_grants_once"`);
    await queryRunner.query(`DROP INDEX "public"."badge_grants_user_idx"`);
    await queryRunner.query(`DROP TABLE "badge_grants"`);
    await queryRunner.query(`DROP INDEX "public"."badges_slug_key"`);
    await queryRunner.query(`DROP TABLE "badges"`);
    await queryRunner.query(`DROP INDEX "public"."points_campaigns_window_idx"`);
    await queryRunner.query(`DROP TABLE "points_campaigns"`);
    await queryRunner.query(`DROP INDEX "public"."earning_rules_action_idx"`);
    await queryRunner.query(`DROP TABLE "earning_rules"`);
    await queryRunner.query(`DROP TABLE "loyalty_settings"`);
  }
}
