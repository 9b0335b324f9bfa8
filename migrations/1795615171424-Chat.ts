import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Chat1795615171424 implements MigrationInterface {
  name = 'Chat1795615171424';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "chat_channels" ("id" BIGSERIAL NOT NULL, "kind" character varying(16) NOT NULL, "brand_id" bigint, "event_id" bigint, "dm_key" character varying(40), "name" character varying(80) NOT NULL, "name_ar" character varying(80) NOT NULL, "description" character varying(500) NOT NULL DEFAULT '', "min_tier_rank" integer NOT NULL DEFAULT '0', "slow_mode_seconds" integer NOT NULL DEFAULT '0', "archived_at" TIMESTAMP WITH TIME ZONE, "created_by_id" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_f2019773894147267d478779e0" CHECK ("kind" <> 'event' OR "event_id" IS NOT NULL), CONSTRAINT "CHK_f4dd74ca070e6c6ff6fa3610e8" CHECK ("kind" <> 'brand' OR "brand_id" IS NOT NULL), CONSTRAINT "CHK_2b33e9d0151099b4e36f22d6f5" CHECK (("kind" = 'direct') = ("dm_key" IS NOT NULL)), CONSTRAINT "CHK_5afb6b4e0b641b6d4cb3231dea" CHECK ("min_tier_rank" BETWEEN 0 AND 100), CONSTRAINT "CHK_a19244b8ad408739eb27cc8265" CHECK ("slow_mode_seconds" BETWEEN 0 AND 3600), CONSTRAINT "CHK_7e68150e11e025bb3509781b84" CHECK ("kind" IN ('community', 'brand', 'event', 'direct')), CONSTRAINT "PK_efecd102855fb96e1428306ec6f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "chat_channels_brand_idx" ON "chat_channels" ("brand_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "chat_channels_dm_key" ON "chat_channels" ("dm_key") WHERE "dm_key" IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "chat_channels_event_key" ON "chat_channels" ("event_id") WHERE "event_id" IS NOT NULL`);
    await queryRunner.query(`CREATE TABLE "chat_channel_members" ("channel_id" bigint NOT NULL, "user_id" bigint NOT NULL, "last_read_message_id" bigint NOT NULL DEFAULT '0', "last_sent_at" TIMESTAMP WITH TIME ZONE, "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_922ce8594086f2f5c832187553f" PRIMARY KEY ("channel_id", "user_id"))`);
    await queryRunner.query(`CREATE INDEX "chat_channel_members_user_idx" ON "chat_channel_members" ("user_id") `);
    await queryRunner.query(`CREATE TABLE "chat_messages" ("id" BIGSERIAL NOT NULL, "channel_id" bigint NOT NULL, "author_id" bigint NOT NULL, "body" text NOT NULL, "client_id" character varying(64) NOT NULL, "mentions" bigint array NOT NULL DEFAULT '{}', "edited_at" TIMESTAMP WITH TIME ZONE, "deleted_at" TIMESTAMP WITH TIME ZONE, "deleted_by_id" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_c52e71fb7d5d137eab943e196d" CHECK (char_length("body") BETWEEN 1 AND 2000), CONSTRAINT "PK_40c55ee0e571e268b0d3cd37d10" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "chat_messages_client_key" ON "chat_messages" ("author_id", "client_id") `);
    await queryRunner.query(`CREATE INDEX "chat_messages_channel_idx" ON "chat_messages" ("channel_id", "id") `);
    await queryRunner.query(`CREATE TABLE "chat_mutes" ("channel_id" bigint NOT NULL, "user_id" bigint NOT NULL, "until" TIMESTAMP WITH TIME ZONE NOT NULL, "by_id" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bc2f4de61a29597fa6ed9ae9117" PRIMARY KEY ("channel_id", "user_id"))`);
    await queryRunner.query(`CREATE TABLE "chat_blocks" ("blocker_id" bigint NOT NULL, "blocked_id" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_d5b5e1f261d8e1881865cacfec" CHECK ("blocker_id" <> "blocked_id"), CONSTRAINT "PK_72b62ca50e2e6edbffe73197ed3" PRIMARY KEY ("blocker_id", "blocked_id"))`);
    await queryRunner.query(`CREATE INDEX "chat_blocks_blocked_idx" ON "chat_blocks" ("blocked_id") `);
    await queryRunner.query(`ALTER TABLE "chat_channels" ADD CONSTRAINT "FK_244b6225c3f6428622386c50739" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "chat_channels" ADD CONSTRAINT "FK_06d99f91323dcb208617c21ce3d" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "chat_channel_members" ADD CONSTRAINT "FK_a49d74c5d1884fc204ca26b509d" FOREIGN KEY ("channel_id") REFERENCES "chat_channels"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "chat_channel_members" ADD CONSTRAINT "FK_b77ccc33bc9d952c6df8302b2b0" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "chat_messages" ADD CONSTRAINT "FK_31c45c915d0e437e80a63b17749" FOREIGN KEY ("channel_id") REFERENCES "chat_channels"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "chat_messages" ADD CONSTRAINT "FK_85a3fc9253b9b06d74fec69241d" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "chat_messages" ADD CONSTRAINT "FK_3a6eed148c169019dbf99eaafd9" FOREIGN KEY ("deleted_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "chat_mutes" ADD CONSTRAINT "FK_905f773ce82c25d6c5208b171d3" FOREIGN KEY ("channel_id") REFERENCES "chat_channels"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "chat_mutes" ADD CONSTRAINT "FK_bd357eff8137b5fd0d71e81edd0" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "chat_mutes" ADD CONSTRAINT "FK_52e3cfb1525cb8333b393247ca8" FOREIGN KEY ("by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "chat_blocks" ADD CONSTRAINT "FK_d417c882b341f8e817d4d507988" FOREIGN KEY ("blocker_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "chat_blocks" ADD CONSTRAINT "FK_a73cbe33a3516e4283b32ff9791" FOREIGN KEY ("blocked_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "chat_blocks" DROP CONSTRAINT "FK_a73cbe33a3516e4283b32ff9791"`);
    await queryRunner.query(`ALTER TABLE "chat_blocks" DROP CONSTRAINT "FK_d417c882b341f8e817d4d507988"`);
    await queryRunner.query(`ALTER TABLE "chat_mutes" DROP CONSTRAINT "FK_52e3cfb1525cb8333b393247ca8"`);
    await queryRunner.query(`ALTER TABLE "chat_mutes" DROP CONSTRAINT "FK_bd357eff8137b5fd0d71e81edd0"`);
    await queryRunner.query(`ALTER TABLE "chat_mutes" DROP CONSTRAINT "FK_905f773ce82c25d6c5208b171d3"`);
    await queryRunner.query(`ALTER TABLE "chat_messages" DROP CONSTRAINT "FK_3a6eed148c169019dbf99eaafd9"`);
    await queryRunner.query(`ALTER TABLE "chat_messages" DROP CONSTRAINT "FK_85a3fc9253b9b06d74fec69241d"`);
    await queryRunner.query(`ALTER TABLE "chat_messages" DROP CONSTRAINT "FK_31c45c915d0e437e80a63b17749"`);
    await queryRunner.query(`ALTER TABLE "chat_channel_members" DROP CONSTRAINT "FK_b77ccc33bc9d952c6df8302b2b0"`);
    await queryRunner.query(`ALTER TABLE "chat_channel_members" DROP CONSTRAINT "FK_a49d74c5d1884fc204ca26b509d"`);
    await queryRunner.query(`ALTER TABLE "chat_channels" DROP CONSTRAINT "FK_06d99f91323dcb208617c21ce3d"`);
    await queryRunner.query(`ALTER TABLE "chat_channels" DROP CONSTRAINT "FK_244b6225c3f6428622386c50739"`);
    await queryRunner.query(`DROP INDEX "public"."chat_blocks_blocked_idx"`);
    await queryRunner.query(`DROP TABLE "chat_blocks"`);
    await queryRunner.query(`DROP TABLE "chat_mutes"`);
    await queryRunner.query(`DROP INDEX "public"."chat_messages_channel_idx"`);
    await queryRunner.query(`DROP INDEX "public"."chat_messages_client_key"`);
    await queryRunner.query(`DROP TABLE "chat_messages"`);
    await queryRunner.query(`DROP INDEX "public"."chat_channel_members_user_idx"`);
    await queryRunner.query(`DROP TABLE "chat_channel_members"`);
    await queryRunner.query(`DROP INDEX "public"."chat_channels_event_key"`);
    await queryRunner.query(`DROP INDEX "public"."chat_channels_dm_key"`);
    await queryRunner.query(`DROP INDEX "public"."chat_channels_brand_idx"`);
    await queryRunner.query(`DROP TABLE "chat_channels"`);
  }
}
