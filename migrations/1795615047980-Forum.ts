import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Forum1795615047980 implements MigrationInterface {
  name = 'Forum1795615047980';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "forum_categories" ("id" BIGSERIAL NOT NULL, "parent_id" bigint, "slug" character varying(60) NOT NULL, "name" character varying(80) NOT NULL, "name_ar" character varying(80) NOT NULL, "description" character varying(1000) NOT NULL DEFAULT '', "description_ar" character varying(1000) NOT NULL DEFAULT '', "position" integer NOT NULL DEFAULT '0', "read_access" character varying(16) NOT NULL DEFAULT 'everyone', "post_access" character varying(16) NOT NULL DEFAULT 'members', "min_tier_rank" integer NOT NULL DEFAULT '0', "brand_id" bigint, "slow_mode_seconds" integer NOT NULL DEFAULT '0', "topic_count" integer NOT NULL DEFAULT '0', "post_count" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_8939632c78d329382c41053223" CHECK ("min_tier_rank" >= 0 AND "slow_mode_seconds" >= 0), CONSTRAINT "CHK_ae69a15259be94e0bee4db7195" CHECK ("post_access" IN ('members', 'staff')), CONSTRAINT "CHK_b1e227e9942720b20773a6b0a4" CHECK ("read_access" IN ('everyone', 'members', 'staff')), CONSTRAINT "PK_502afa07fc57ce4b302dc00217e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "forum_categories_slug_key" ON "forum_categories" ("slug") `);
    await queryRunner.query(`CREATE INDEX "forum_categories_parent_idx" ON "forum_categories" ("parent_id", "position") `);
    await queryRunner.query(`CREATE TABLE "forum_topics" ("id" BIGSERIAL NOT NULL, "category_id" bigint NOT NULL, "author_id" bigint NOT NULL, "title" character varying(200) NOT NULL, "kind" character varying(16) NOT NULL DEFAULT 'discussion', "status" character varying(16) NOT NULL DEFAULT 'visible', "tags" text array NOT NULL DEFAULT '{}', "pinned" boolean NOT NULL DEFAULT false, "locked" boolean NOT NULL DEFAULT false, "accepted_post_id" bigint, "highest_post_number" integer NOT NULL DEFAULT '0', "reply_count" integer NOT NULL DEFAULT '0', "view_count" integer NOT NULL DEFAULT '0', "reaction_count" integer NOT NULL DEFAULT '0', "last_post_id" bigint NOT NULL DEFAULT '0', "last_posted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_f5b055f0a6e486b0eadf03fd24" CHECK ("status" IN ('visible', 'pending', 'deleted')), CONSTRAINT "CHK_62bfadc83ed34fed4f2a5ced35" CHECK ("kind" IN ('discussion', 'question')), CONSTRAINT "PK_c3cfc62a16863804757504742b4" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "forum_topics_author_idx" ON "forum_topics" ("author_id") `);
    await queryRunner.query(`CREATE INDEX "forum_topics_created_idx" ON "forum_topics" ("created_at") WHERE "status" = 'visible'`);
    await queryRunner.query(`CREATE INDEX "forum_topics_category_latest_idx" ON "forum_topics" ("category_id", "pinned", "last_post_id", "id") WHERE "status" = 'visible'`);
    await queryRunner.query(`CREATE INDEX "forum_topics_latest_idx" ON "forum_topics" ("pinned", "last_post_id", "id") WHERE "status" = 'visible'`);
    await queryRunner.query(`CREATE TABLE "forum_posts" ("id" BIGSERIAL NOT NULL, "topic_id" bigint NOT NULL, "author_id" bigint NOT NULL, "post_number" integer NOT NULL, "raw" text NOT NULL, "cooked" text NOT NULL, "search_vector" tsvector, "reply_to_post_id" bigint, "quote_post_id" bigint, "status" character varying(16) NOT NULL DEFAULT 'visible', "brand_mark_id" bigint, "reaction_counts" jsonb NOT NULL DEFAULT '{}', "edit_count" integer NOT NULL DEFAULT '0', "edited_at" TIMESTAMP WITH TIME ZONE, "featured" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "forum_posts_topic_number_key" UNIQUE ("topic_id", "post_number"), CONSTRAINT "CHK_eeec13283b44aad22190386092" CHECK ("status" IN ('visible', 'hidden', 'deleted', 'pending')), CONSTRAINT "PK_3e9c301114a0fd42c998681b04e" PRIMARY KEY ("id"))`);
    // by hand: GIN indexes (TypeORM cannot express USING gin; the entities mark them synchronize: false)
    await queryRunner.query(`CREATE INDEX "forum_posts_search_idx" ON "forum_posts" USING gin ("search_vector")`);
    await queryRunner.query(`CREATE INDEX "forum_topics_tags_idx" ON "forum_topics" USING gin ("tags")`);
    await queryRunner.query(`CREATE INDEX "forum_posts_pending_idx" ON "forum_posts" ("id") WHERE "status" = 'pending'`);
    await queryRunner.query(`CREATE INDEX "forum_posts_author_idx" ON "forum_posts" ("author_id", "id") `);
    await queryRunner.query(`CREATE TABLE "forum_post_revisions" ("id" BIGSERIAL NOT NULL, "post_id" bigint NOT NULL, "revision" integer NOT NULL, "raw" text NOT NULL, "title" character varying(200), "editor_id" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "forum_post_revisions_key" UNIQUE ("post_id", "revision"), CONSTRAINT "PK_324fe7c4ef9fae3c35f6824aff9" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "forum_reactions" ("post_id" bigint NOT NULL, "user_id" bigint NOT NULL, "reaction" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cac354b7eccebb4fa2d980e13d4" PRIMARY KEY ("post_id", "user_id", "reaction"))`);
    await queryRunner.query(`CREATE INDEX "forum_reactions_user_idx" ON "forum_reactions" ("user_id") `);
    await queryRunner.query(`CREATE TABLE "forum_topic_users" ("user_id" bigint NOT NULL, "topic_id" bigint NOT NULL, "last_read_post_number" integer NOT NULL DEFAULT '0', "subscribed" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_c63f3066856557d09c9c81330d6" PRIMARY KEY ("user_id", "topic_id"))`);
    await queryRunner.query(`CREATE INDEX "forum_topic_users_topic_idx" ON "forum_topic_users" ("topic_id") WHERE "subscribed"`);
    await queryRunner.query(`CREATE TABLE "forum_member_stats" ("user_id" bigint NOT NULL, "post_count" integer NOT NULL DEFAULT '0', "first_post_id" bigint, CONSTRAINT "PK_3032c21c5b9d3c085c1b321ad6b" PRIMARY KEY ("user_id"))`);
    await queryRunner.query(`CREATE TABLE "forum_reports" ("id" BIGSERIAL NOT NULL, "post_id" bigint NOT NULL, "reporter_id" bigint, "reason" character varying(24) NOT NULL, "note" character varying(500) NOT NULL DEFAULT '', "status" character varying(16) NOT NULL DEFAULT 'open', "resolved_by_id" bigint, "resolution" character varying(16), "resolved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_af2dda5f73fe4913825c32dcde" CHECK ("status" IN ('open', 'resolved', 'dismissed')), CONSTRAINT "PK_5f7331fedc27ce128560be79041" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "forum_reports_status_idx" ON "forum_reports" ("status", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "forum_reports_open_key" ON "forum_reports" ("post_id", "reporter_id") WHERE "status" = 'open'`);
    await queryRunner.query(`CREATE TABLE "forum_word_filters" ("id" BIGSERIAL NOT NULL, "word" character varying(80) NOT NULL, "action" character varying(8) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_fd4476e36e0a98be8ca829cc7d" CHECK ("action" IN ('block', 'flag')), CONSTRAINT "PK_e396983c6bbaf1eb55fdee537c6" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "forum_word_filters_word_key" ON "forum_word_filters" ("word") `);
    await queryRunner.query(`ALTER TABLE "forum_categories" ADD CONSTRAINT "FK_05005d5b3a37c2865b8e2babba8" FOREIGN KEY ("parent_id") REFERENCES "forum_categories"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "forum_categories" ADD CONSTRAINT "FK_12ee64b1a95f01e860956fc2201" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "forum_topics" ADD CONSTRAINT "FK_8aa26854fe49304aff26d465e8f" FOREIGN KEY ("category_id") REFERENCES "forum_categories"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "forum_topics" ADD CONSTRAINT "FK_50bd3aedee473d6d6ef26353a7a" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "forum_posts" ADD CONSTRAINT "FK_726d764fd28c8991dda5c1edbb0" FOREIGN KEY ("topic_id") REFERENCES "forum_topics"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "forum_posts" ADD CONSTRAINT "FK_141ee222adc1090094e49486a00" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "forum_posts" ADD CONSTRAINT "FK_9c79b5781ec5a6f7fcbece58840" FOREIGN KEY ("brand_mark_id") REFERENCES "brands"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "forum_post_revisions" ADD CONSTRAINT "FK_6d1c632673ef834b34f157a137c" FOREIGN KEY ("post_id") REFERENCES "forum_posts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "forum_post_revisions" ADD CONSTRAINT "FK_bba665a53f3a2adc85776f846b6" FOREIGN KEY ("editor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "forum_reactions" ADD CONSTRAINT "FK_e9bd01ca463335fa1f8b2b5a8af" FOREIGN KEY ("post_id") REFERENCES "forum_posts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "forum_reactions" ADD CONSTRAINT "FK_610f2ba089dcc9a335d774d0dbd" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "forum_topic_users" ADD CONSTRAINT "FK_d79a2fe39693107dd704d7d8a50" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "forum_topic_users" ADD CONSTRAINT "FK_479fa434f85f597d62922fb6bc6" FOREIGN KEY ("topic_id") REFERENCES "forum_topics"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "forum_member_stats" ADD CONSTRAINT "FK_3032c21c5b9d3c085c1b321ad6b" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "forum_reports" ADD CONSTRAINT "FK_a2b3362501f3064ba940198cb63" FOREIGN KEY ("post_id") REFERENCES "forum_posts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "forum_reports" ADD CONSTRAINT "FK_bfcd7579fa92c6c2180ec72d2d0" FOREIGN KEY ("reporter_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "forum_reports" ADD CONSTRAINT "FK_090ed6cfba1f7d0efc89ad5afed" FOREIGN KEY ("resolved_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "forum_reports" DROP CONSTRAINT "FK_090ed6cfba1f7d0efc89ad5afed"`);
    await queryRunner.query(`ALTER TABLE "forum_reports" DROP CONSTRAINT "FK_bfcd7579fa92c6c2180ec72d2d0"`);
    await queryRunner.query(`ALTER TABLE "forum_reports" DROP CONSTRAINT "FK_a2b3362501f3064ba940198cb63"`);
    await queryRunner.query(`ALTER TABLE "forum_member_stats" DROP CONSTRAINT "FK_3032c21c5b9d3c085c1b321ad6b"`);
    await queryRunner.query(`ALTER TABLE "forum_topic_users" DROP CONSTRAINT "FK_479fa434f85f597d62922fb6bc6"`);
    await queryRunner.query(`ALTER TABLE "forum_topic_users" DROP CONSTRAINT "FK_d79a2fe39693107dd704d7d8a50"`);
    await queryRunner.query(`ALTER TABLE "forum_reactions" DROP CONSTRAINT "FK_610f2ba089dcc9a335d774d0dbd"`);
    await queryRunner.query(`ALTER TABLE "forum_reactions" DROP CONSTRAINT "FK_e9bd01ca463335fa1f8b2b5a8af"`);
    await queryRunner.query(`ALTER TABLE "forum_post_revisions" DROP CONSTRAINT "FK_bba665a53f3a2adc85776f846b6"`);
    await queryRunner.query(`ALTER TABLE "forum_post_revisions" DROP CONSTRAINT "FK_6d1c632673ef834b34f157a137c"`);
    await queryRunner.query(`ALTER TABLE "forum_posts" DROP CONSTRAINT "FK_9c79b5781ec5a6f7fcbece58840"`);
    await queryRunner.query(`ALTER TABLE "forum_posts" DROP CONSTRAINT "FK_141ee222adc1090094e49486a00"`);
    await queryRunner.query(`ALTER TABLE "forum_posts" DROP CONSTRAINT "FK_726d764fd28c8991dda5c1edbb0"`);
    await queryRunner.query(`ALTER TABLE "forum_topics" DROP CONSTRAINT "FK_50bd3aedee473d6d6ef26353a7a"`);
    await queryRunner.query(`ALTER TABLE "forum_topics" DROP CONSTRAINT "FK_8aa26854fe49304aff26d465e8f"`);
    await queryRunner.query(`ALTER TABLE "forum_categories" DROP CONSTRAINT "FK_12ee64b1a95f01e860956fc2201"`);
    await queryRunner.query(`ALTER TABLE "forum_categories" DROP CONSTRAINT "FK_05005d5b3a37c2865b8e2babba8"`);
    await queryRunner.query(`DROP INDEX "public"."forum_word_filters_word_key"`);
    await queryRunner.query(`DROP TABLE "forum_word_filters"`);
    await queryRunner.query(`DROP INDEX "public"."forum_reports_open_key"`);
    await queryRunner.query(`DROP INDEX "public"."forum_reports_status_idx"`);
    await queryRunner.query(`DROP TABLE "forum_reports"`);
    await queryRunner.query(`DROP TABLE "forum_member_stats"`);
    await queryRunner.query(`DROP INDEX "public"."forum_topic_users_topic_idx"`);
    await queryRunner.query(`DROP TABLE "forum_topic_users"`);
    await queryRunner.query(`DROP INDEX "public"."forum_reactions_user_idx"`);
    await queryRunner.query(`DROP TABLE "forum_reactions"`);
    await queryRunner.query(`DROP TABLE "forum_post_revisions"`);
    await queryRunner.query(`DROP INDEX "public"."forum_posts_author_idx"`);
    await queryRunner.query(`DROP INDEX "public"."forum_posts_pending_idx"`);
    await queryRunner.query(`DROP INDEX "public"."forum_topics_tags_idx"`);
    await queryRunner.query(`DROP INDEX "public"."forum_posts_search_idx"`);
    await queryRunner.query(`DROP TABLE "forum_posts"`);
    await queryRunner.query(`DROP INDEX "public"."forum_topics_latest_idx"`);
    await queryRunner.query(`DROP INDEX "public"."forum_topics_category_latest_idx"`);
    await queryRunner.query(`DROP INDEX "public"."forum_topics_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."forum_topics_author_idx"`);
    await queryRunner.query(`DROP TABLE "forum_topics"`);
    await queryRunner.query(`DROP INDEX "public"."forum_categories_parent_idx"`);
    await queryRunner.query(`DROP INDEX "public"."forum_categories_slug_key"`);
    await queryRunner.query(`DROP TABLE "forum_categories"`);
  }
}
