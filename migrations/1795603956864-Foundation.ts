import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795603956864 implements MigrationInterface {
  name = 'Foundation1795603956864';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_log" ("id" BIGSERIAL NOT NULL, "actor_id" bigint, "action" character varying(64) NOT NULL, "target_type" character varying(32) NOT NULL, "target_id" bigint, "reason" character varying(500) NOT NULL DEFAULT '', "data" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "audit_log_created_idx" ON "audit_log" ("created_at") `);
    await queryRunner.query(`CREATE INDEX "audit_log_target_idx" ON "audit_log" ("target_type", "target_id") `);
    await queryRunner.query(`CREATE TABLE "uploads" ("id" BIGSERIAL NOT NULL, "owner_id" bigint, "kind" character varying(16) NOT NULL, "content_type" character varying(40) NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "bytes" integer NOT NULL, "sha256" character(64) NOT NULL, "data" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_6ea5873ac02b7da5721f783161" CHECK ("kind" IN ('avatar', 'brand-logo', 'badge-icon', 'reward-image')), CONSTRAINT "PK_d1781d1eedd7459314f60f39bd3" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "uploads_owner_idx" ON "uploads" ("owner_id") `);
    await queryRunner.query(`CREATE TABLE "users" ("id" BIGSERIAL NOT NULL, "email" character varying(254) NOT NULL, "email_verified_at" TIMESTAMP WITH TIME ZONE, "password_hash" text, "display_name" character varying(60) NOT NULL, "role" character varying(16) NOT NULL DEFAULT 'member', "locale" character varying(2) NOT NULL DEFAULT 'en', "time_zone" character varying(64) NOT NULL DEFAULT 'UTC', "birthday" date, "bio" character varying(500) NOT NULL DEFAULT '', "avatar_upload_id" bigint, "referral_code" character varying(16) NOT NULL, "referred_by_id" bigint, "suspended_until" TIMESTAMP WITH TIME ZONE, "deleted_at" TIMESTAMP WITH TIME ZONE, "last_seen_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_9542ff87d80f98ed1fa4d81cd6" CHECK ("locale" IN ('en', 'ar')), CONSTRAINT "CHK_1f3f0d5b22001fa58ffb2b9697" CHECK ("role" IN ('member', 'moderator', 'admin')), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "users_email_key" ON "users" ("email") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "users_referral_code_key" ON "users" ("referral_code") `);
    await queryRunner.query(`CREATE TABLE "brands" ("id" BIGSERIAL NOT NULL, "slug" character varying(40) NOT NULL, "name" character varying(80) NOT NULL, "name_ar" character varying(80) NOT NULL, "description" character varying(2000) NOT NULL DEFAULT '', "description_ar" character varying(2000) NOT NULL DEFAULT '', "logo_upload_id" bigint, "links" jsonb NOT NULL DEFAULT '[]', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b0c437120b624da1034a81fc561" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "brands_slug_key" ON "brands" ("slug") `);
    await queryRunner.query(`CREATE TABLE "brand_members" ("brand_id" bigint NOT NULL, "user_id" bigint NOT NULL, "role" character varying(16) NOT NULL DEFAULT 'manager', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_a72a37f03325c40384bd94c36b" CHECK ("role" IN ('manager')), CONSTRAINT "PK_abb88d593b09442ff19315400c0" PRIMARY KEY ("brand_id", "user_id"))`);
    await queryRunner.query(`CREATE INDEX "brand_members_user_idx" ON "brand_members" ("user_id") `);
    await queryRunner.query(`CREATE TABLE "one_time_tokens" ("id" BIGSERIAL NOT NULL, "user_id" bigint NOT NULL, "purpose" character varying(16) NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_e48559770ca50d342151eb6f34" CHECK ("purpose" IN ('verify-email', 'reset-password')), CONSTRAINT "PK_8e470cc9ffc1b2afa054304db17" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "one_time_tokens_user_idx" ON "one_time_tokens" ("user_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "one_time_tokens_hash_key" ON "one_time_tokens" ("token_hash") `);
    await queryRunner.query(`CREATE TABLE "sessions" ("id" BIGSERIAL NOT NULL, "user_id" bigint NOT NULL, "token_hash" character(64) NOT NULL, "kind" character varying(8) NOT NULL, "csrf_token" character varying(64), "ip" character varying(64), "user_agent" character varying(300), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" character varying(32), CONSTRAINT "CHK_ac6b7eaa3e8ac90049d98912cb" CHECK ("kind" IN ('cookie', 'bearer')), CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions" ("token_hash") `);
    await queryRunner.query(`CREATE INDEX "sessions_user_active_idx" ON "sessions" ("user_id") WHERE "revoked_at" IS NULL`);
    await queryRunner.query(`CREATE TABLE "mails" ("id" BIGSERIAL NOT NULL, "to_address" character varying(254) NOT NULL, "subject" character varying(200) NOT NULL, "text" text NOT NULL, "transport" character varying(8) NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_218248d7dfe1b739f06e2309349" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "mails_unsent_idx" ON "mails" ("created_at") WHERE "sent_at" IS NULL AND "transport" = 'smtp'`);
    await queryRunner.query(`CREATE TABLE "outbox" ("id" BIGSERIAL NOT NULL, "type" character varying(64) NOT NULL, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "processed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_340ab539f309f03bdaa14aa7649" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "outbox_pending_idx" ON "outbox" ("next_attempt_at", "id") WHERE "processed_at" IS NULL`);
    await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "FK_05cd9d68568f825732a3142c912" FOREIGN KEY ("avatar_upload_id") REFERENCES "uploads"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "FK_a78a00605c95ca6737389f6360b" FOREIGN KEY ("referred_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "brands" ADD CONSTRAINT "FK_2338d2fd47e7998e11c63ffdd9d" FOREIGN KEY ("logo_upload_id") REFERENCES "uploads"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "brand_members" ADD CONSTRAINT "FK_80d9a6f94fb0f6751fd8265df67" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "brand_members" ADD CONSTRAINT "FK_b1c09491a422485699457884cf2" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "one_time_tokens" ADD CONSTRAINT "FK_0dc2deee64e514ad6f7e69504e1" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "sessions" ADD CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sessions" DROP CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19"`);
    await queryRunner.query(`ALTER TABLE "one_time_tokens" DROP CONSTRAINT "FK_0dc2deee64e514ad6f7e69504e1"`);
    await queryRunner.query(`ALTER TABLE "brand_members" DROP CONSTRAINT "FK_b1c09491a422485699457884cf2"`);
    await queryRunner.query(`ALTER TABLE "brand_members" DROP CONSTRAINT "FK_80d9a6f94fb0f6751fd8265df67"`);
    await queryRunner.query(`ALTER TABLE "brands" DROP CONSTRAINT "FK_2338d2fd47e7998e11c63ffdd9d"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_a78a00605c95ca6737389f6360b"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_05cd9d68568f825732a3142c912"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_pending_idx"`);
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`DROP INDEX "public"."mails_unsent_idx"`);
    await queryRunner.query(`DROP TABLE "mails"`);
    await queryRunner.query(`DROP INDEX "public"."sessions_user_active_idx"`);
    await queryRunner.query(`DROP INDEX "public"."sessions_token_hash_key"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP INDEX "public"."one_time_tokens_hash_key"`);
    await queryRunner.query(`DROP INDEX "public"."one_time_tokens_user_idx"`);
    await queryRunner.query(`DROP TABLE "one_time_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."brand_members_user_idx"`);
    await queryRunner.query(`DROP TABLE "brand_members"`);
    await queryRunner.query(`DROP INDEX "public"."brands_slug_key"`);
    await queryRunner.query(`DROP TABLE "brands"`);
    await queryRunner.query(`DROP INDEX "public"."users_referral_code_key"`);
    await queryRunner.query(`DROP INDEX "public"."users_email_key"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."uploads_owner_idx"`);
    await queryRunner.query(`DROP TABLE "uploads"`);
    await queryRunner.query(`DROP INDEX "public"."audit_log_target_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_log_created_idx"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
  }
}
