import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Analytics1795614592232 implements MigrationInterface {
  name = 'Analytics1795614592232';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "analytics_settings" ("id" smallint NOT NULL, "time_zone" character varying(64) NOT NULL DEFAULT 'UTC', CONSTRAINT "CHK_6ec45290d820d3252e04f625a2" CHECK ("id" = 1), CONSTRAINT "PK_238d7c28cfb3a74f09024d48902" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "analytics_members" ("scope" integer NOT NULL, "user_id" bigint NOT NULL, "first_day" date NOT NULL, CONSTRAINT "PK_4639e1579608114def9b549dea0" PRIMARY KEY ("scope", "user_id"))`);
    await queryRunner.query(`CREATE TABLE "analytics_user_periods" ("scope" integer NOT NULL, "grain" character(1) NOT NULL, "period" date NOT NULL, "user_id" bigint NOT NULL, "flags" smallint NOT NULL DEFAULT '0', CONSTRAINT "CHK_35089f576c7f3b224f0a4d951d" CHECK ("grain" IN ('d', 'w', 'm')), CONSTRAINT "PK_48412566da4b4ed20f9e1a36a3f" PRIMARY KEY ("scope", "grain", "period", "user_id"))`);
    await queryRunner.query(`CREATE INDEX "analytics_user_periods_user_idx" ON "analytics_user_periods" ("user_id") `);
    await queryRunner.query(`CREATE TABLE "analytics_period_stats" ("scope" integer NOT NULL, "grain" character(1) NOT NULL, "period" date NOT NULL, "active" integer NOT NULL DEFAULT '0', "new_members" integer NOT NULL DEFAULT '0', "retained" integer NOT NULL DEFAULT '0', "participants" integer NOT NULL DEFAULT '0', "retained_participants" integer NOT NULL DEFAULT '0', "challenge_members" integer NOT NULL DEFAULT '0', "event_members" integer NOT NULL DEFAULT '0', "chat_members" integer NOT NULL DEFAULT '0', CONSTRAINT "CHK_f293f09bfa6c1139b5be27ce0a" CHECK ("grain" IN ('d', 'w', 'm')), CONSTRAINT "PK_a6eb7c87ba180cd212ffd655757" PRIMARY KEY ("scope", "grain", "period"))`);
    await queryRunner.query(`CREATE TABLE "analytics_cohorts" ("scope" integer NOT NULL, "cohort" date NOT NULL, "period" date NOT NULL, "active" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_f86d8f3987568693f329b004901" PRIMARY KEY ("scope", "cohort", "period"))`);
    await queryRunner.query(`CREATE TABLE "analytics_points_entries" ("entry_id" bigint NOT NULL, CONSTRAINT "PK_16172a0090c6ec6fb62f85ed7a2" PRIMARY KEY ("entry_id"))`);
    await queryRunner.query(`CREATE TABLE "analytics_points_daily" ("scope" integer NOT NULL, "day" date NOT NULL, "kind" character varying(40) NOT NULL, "total" bigint NOT NULL DEFAULT '0', "entries" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_21b20aa39b82a7fa6056158876a" PRIMARY KEY ("scope", "day", "kind"))`);
    await queryRunner.query(`CREATE TABLE "analytics_challenge_facts" ("challenge_id" bigint NOT NULL, "user_id" bigint NOT NULL, "brand_id" bigint, "joined_day" date, "completed_day" date, CONSTRAINT "PK_e0a7afd12ae31e49c1ccf1abcff" PRIMARY KEY ("challenge_id", "user_id"))`);
    await queryRunner.query(`CREATE INDEX "analytics_challenge_facts_brand_idx" ON "analytics_challenge_facts" ("brand_id", "joined_day") `);
    await queryRunner.query(`CREATE TABLE "analytics_event_brands" ("event_id" bigint NOT NULL, "brand_id" bigint, CONSTRAINT "PK_50fc4d1cae9681f1f52a4770bb4" PRIMARY KEY ("event_id"))`);
    await queryRunner.query(`CREATE TABLE "analytics_event_facts" ("event_id" bigint NOT NULL, "user_id" bigint NOT NULL, "rsvp_status" character varying(12), "rsvp_day" date, "checked_in_day" date, CONSTRAINT "PK_fdc4b9385b41107cba6110eef7e" PRIMARY KEY ("event_id", "user_id"))`);
    await queryRunner.query(`CREATE INDEX "analytics_event_facts_day_idx" ON "analytics_event_facts" ("rsvp_day") `);
    await queryRunner.query(`CREATE TABLE "analytics_donations" ("donation_id" bigint NOT NULL, "brand_id" bigint, "points" integer NOT NULL, "amount_minor" bigint NOT NULL, "currency" character(3) NOT NULL, "day" date NOT NULL, CONSTRAINT "PK_800deeba8767235f24c0d27ec48" PRIMARY KEY ("donation_id"))`);
    await queryRunner.query(`CREATE INDEX "analytics_donations_day_idx" ON "analytics_donations" ("day") `);
    await queryRunner.query(`CREATE TABLE "analytics_purchases" ("id" BIGSERIAL NOT NULL, "user_id" bigint NOT NULL, "brand_id" bigint, "amount_minor" bigint NOT NULL, "currency" character(3) NOT NULL, "purchased_on" date NOT NULL, "external_ref" character varying(80), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_90565b047a12a7c92758a57eaf" CHECK ("amount_minor" > 0), CONSTRAINT "PK_8c5af82324922ff3105f7a36ae7" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "analytics_purchases_ref_key" ON "analytics_purchases" ("external_ref") WHERE "external_ref" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "analytics_purchases_user_idx" ON "analytics_purchases" ("user_id", "purchased_on") `);
    await queryRunner.query(`CREATE TABLE "surveys" ("id" BIGSERIAL NOT NULL, "brand_id" bigint, "title" character varying(160) NOT NULL, "title_ar" character varying(160) NOT NULL, "intro" character varying(2000) NOT NULL DEFAULT '', "intro_ar" character varying(2000) NOT NULL DEFAULT '', "anonymous" boolean NOT NULL DEFAULT false, "points" integer NOT NULL DEFAULT '0', "audience" character varying(12) NOT NULL DEFAULT 'everyone', "audience_ref" bigint, "status" character varying(8) NOT NULL DEFAULT 'draft', "created_by_id" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "opened_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_2b8376ddb93915d86edebe6145" CHECK ("points" >= 0), CONSTRAINT "CHK_944cdc5c5754dc558c933d8771" CHECK ("audience" IN ('everyone', 'tier', 'event', 'challenge')), CONSTRAINT "CHK_c3dd2da770932eff64c6e4074c" CHECK ("status" IN ('draft', 'open', 'closed')), CONSTRAINT "PK_1b5e3d4aaeb2321ffa98498c971" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "surveys_status_idx" ON "surveys" ("status", "id") `);
    await queryRunner.query(`CREATE INDEX "surveys_brand_idx" ON "surveys" ("brand_id", "id") `);
    await queryRunner.query(`CREATE TABLE "survey_questions" ("id" BIGSERIAL NOT NULL, "survey_id" bigint NOT NULL, "position" smallint NOT NULL, "kind" character varying(8) NOT NULL, "prompt" character varying(500) NOT NULL, "prompt_ar" character varying(500) NOT NULL, "options" jsonb NOT NULL DEFAULT '[]', "required" boolean NOT NULL DEFAULT true, CONSTRAINT "survey_questions_position_key" UNIQUE ("survey_id", "position"), CONSTRAINT "CHK_e95ec72cb2e4aeec17529390ba" CHECK ("kind" IN ('nps', 'csat', 'single', 'multiple', 'text')), CONSTRAINT "PK_131815624efb0f0e15a220102de" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "survey_participations" ("id" BIGSERIAL NOT NULL, "survey_id" bigint NOT NULL, "user_id" bigint NOT NULL, "points" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "survey_participations_once_key" UNIQUE ("survey_id", "user_id"), CONSTRAINT "PK_1f982e90f6fc7c928713282a023" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "survey_participations_user_idx" ON "survey_participations" ("user_id") `);
    await queryRunner.query(`CREATE TABLE "survey_responses" ("id" uuid NOT NULL, "survey_id" bigint NOT NULL, "participation_id" bigint, "answered_on" date NOT NULL, "nps" smallint, "csat" smallint, "answers" jsonb NOT NULL, CONSTRAINT "CHK_62dd4a1abf4782d45be56f827f" CHECK ("csat" BETWEEN 1 AND 5), CONSTRAINT "CHK_577908b2aac93e84fb0cc0e067" CHECK ("nps" BETWEEN 0 AND 10), CONSTRAINT "PK_349995c51959d139d8e485a58ea" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "survey_responses_day_idx" ON "survey_responses" ("answered_on") `);
    await queryRunner.query(`CREATE INDEX "survey_responses_survey_idx" ON "survey_responses" ("survey_id", "answered_on") `);
    await queryRunner.query(`ALTER TABLE "analytics_members" ADD CONSTRAINT "FK_ffc4065942f7a7b376827f8a57a" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "analytics_user_periods" ADD CONSTRAINT "FK_1f961b69410cada6a7ba5ceb1b9" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "analytics_challenge_facts" ADD CONSTRAINT "FK_bcf18fe2c43b8d3bcfe24bc7f75" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "analytics_event_facts" ADD CONSTRAINT "FK_ae173ca1b901cf0faecc8907abf" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "analytics_purchases" ADD CONSTRAINT "FK_5853fcf1b8418969102e9ba3c88" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "analytics_purchases" ADD CONSTRAINT "FK_f7dc9bc5a0d929c6247ab393293" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "surveys" ADD CONSTRAINT "FK_285cc229f4f9bff617585aba757" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "surveys" ADD CONSTRAINT "FK_ed63005b2c83de54855639c4f38" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "survey_questions" ADD CONSTRAINT "FK_895ad6ec351b200c52c8d1ec099" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "survey_participations" ADD CONSTRAINT "FK_6d46ef9fc60790cd5c32c9eb958" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "survey_participations" ADD CONSTRAINT "FK_74bd07385af60c2e5de250b8fed" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "survey_responses" ADD CONSTRAINT "FK_2b4e3f83ce0b4a0d7617ac0cd44" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "survey_responses" ADD CONSTRAINT "FK_3827f5d217232ba7aec714abdd8" FOREIGN KEY ("participation_id") REFERENCES "survey_participations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // --- by hand: the community time zone row and the incremental rollup functions (docs/METRICS.md)
    await queryRunner.query(`INSERT INTO "analytics_settings" ("id", "time_zone") VALUES (1, 'UTC')`);
    await queryRunner.query(`CREATE FUNCTION analytics_time_zone() RETURNS text LANGUAGE sql STABLE AS $$
      SELECT COALESCE((SELECT time_zone FROM analytics_settings WHERE id = 1), 'UTC') $$`);
    await queryRunner.query(`CREATE FUNCTION analytics_day(at timestamptz) RETURNS date LANGUAGE sql STABLE AS $$
      SELECT (COALESCE(at, now()) AT TIME ZONE analytics_time_zone())::date $$`);
    await queryRunner.query(`CREATE FUNCTION analytics_event_day(event_id bigint) RETURNS date LANGUAGE sql STABLE AS $$
      SELECT analytics_day((SELECT created_at FROM outbox WHERE id = event_id)) $$`);
    await queryRunner.query(`CREATE FUNCTION analytics_period(g char, d date) RETURNS date LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE g WHEN 'd' THEN d WHEN 'w' THEN date_trunc('week', d::timestamp)::date ELSE date_trunc('month', d::timestamp)::date END $$`);
    await queryRunner.query(`CREATE FUNCTION analytics_step(g char, p date, n int) RETURNS date LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE g WHEN 'd' THEN p + n WHEN 'w' THEN p + 7 * n ELSE (p + make_interval(months => n))::date END $$`);
    await queryRunner.query(`CREATE FUNCTION analytics_bump(sc int, g char, p date, a int, n int, r int, rp int, pa int, ch int, ev int, cm int)
      RETURNS void LANGUAGE sql AS $$
      INSERT INTO analytics_period_stats AS s (scope, grain, period, active, new_members, retained, retained_participants, participants,
                                               challenge_members, event_members, chat_members)
      VALUES (sc, g, p, a, n, r, rp, pa, ch, ev, cm)
      ON CONFLICT (scope, grain, period) DO UPDATE SET
        active = s.active + EXCLUDED.active, new_members = s.new_members + EXCLUDED.new_members,
        retained = s.retained + EXCLUDED.retained, retained_participants = s.retained_participants + EXCLUDED.retained_participants,
        participants = s.participants + EXCLUDED.participants, challenge_members = s.challenge_members + EXCLUDED.challenge_members,
        event_members = s.event_members + EXCLUDED.event_members, chat_members = s.chat_members + EXCLUDED.chat_members $$`);
    /*
     * One activity of a member on a day (flags: 1 challenge, 2 event, 4 chat), counted in the community
     * (scope 0) and in its brand. Only the first activity of a member in a day, week or month changes
     * counters, so redelivered events count once; facts arriving out of order still count right
     * (a late activity in the month before bumps this month's "retained").
     */
    await queryRunner.query(`CREATE FUNCTION analytics_touch(p_user bigint, p_brand bigint, p_day date, p_flags int) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        sc int; g char(1); p date; nxt date; first date; prev_flags int; old_flags int; added int;
      BEGIN
        IF p_user IS NULL OR p_day IS NULL THEN RETURN; END IF;
        FOREACH sc IN ARRAY CASE WHEN p_brand IS NULL THEN ARRAY[0] ELSE ARRAY[0, p_brand::int] END LOOP
          SELECT first_day INTO first FROM analytics_members WHERE scope = sc AND user_id = p_user;
          IF NOT FOUND THEN
            IF sc = 0 THEN
              SELECT LEAST(analytics_day(u.created_at), p_day) INTO first FROM users u WHERE u.id = p_user;
              IF NOT FOUND THEN RETURN; END IF;
            ELSE
              first := p_day;
            END IF;
            INSERT INTO analytics_members (scope, user_id, first_day) VALUES (sc, p_user, first) ON CONFLICT DO NOTHING;
            IF FOUND THEN
              FOREACH g IN ARRAY ARRAY['d', 'w', 'm'] LOOP
                PERFORM analytics_bump(sc, g, analytics_period(g, first), 0, 1, 0, 0, 0, 0, 0, 0);
              END LOOP;
            ELSE
              SELECT first_day INTO first FROM analytics_members WHERE scope = sc AND user_id = p_user;
            END IF;
          END IF;
          FOREACH g IN ARRAY ARRAY['d', 'w', 'm'] LOOP
            p := analytics_period(g, p_day);
            nxt := analytics_step(g, p, 1);
            INSERT INTO analytics_user_periods (scope, grain, period, user_id, flags) VALUES (sc, g, p, p_user, p_flags) ON CONFLICT DO NOTHING;
            IF FOUND THEN
              SELECT flags INTO prev_flags FROM analytics_user_periods
               WHERE scope = sc AND grain = g AND period = analytics_step(g, p, -1) AND user_id = p_user;
              PERFORM analytics_bump(sc, g, p, 1, 0, (prev_flags IS NOT NULL)::int, COALESCE(prev_flags <> 0, false)::int, (p_flags <> 0)::int,
                                     (p_flags & 1 <> 0)::int, (p_flags & 2 <> 0)::int, (p_flags & 4 <> 0)::int);
              IF EXISTS (SELECT 1 FROM analytics_user_periods WHERE scope = sc AND grain = g AND period = nxt AND user_id = p_user) THEN
                PERFORM analytics_bump(sc, g, nxt, 0, 0, 1, (p_flags <> 0)::int, 0, 0, 0, 0);
              END IF;
              IF g = 'm' THEN
                INSERT INTO analytics_cohorts AS c (scope, cohort, period, active) VALUES (sc, analytics_period('m', first), p, 1)
                ON CONFLICT (scope, cohort, period) DO UPDATE SET active = c.active + 1;
              END IF;
            ELSIF p_flags <> 0 THEN
              SELECT flags INTO old_flags FROM analytics_user_periods
               WHERE scope = sc AND grain = g AND period = p AND user_id = p_user FOR UPDATE;
              added := p_flags & ~old_flags;
              IF added <> 0 THEN
                UPDATE analytics_user_periods SET flags = old_flags | p_flags WHERE scope = sc AND grain = g AND period = p AND user_id = p_user;
                PERFORM analytics_bump(sc, g, p, 0, 0, 0, 0, (old_flags = 0)::int, (added & 1 <> 0)::int, (added & 2 <> 0)::int, (added & 4 <> 0)::int);
                IF old_flags = 0 AND EXISTS (SELECT 1 FROM analytics_user_periods WHERE scope = sc AND grain = g AND period = nxt AND user_id = p_user) THEN
                  PERFORM analytics_bump(sc, g, nxt, 0, 0, 0, 1, 0, 0, 0, 0);
                END IF;
              END IF;
            END IF;
          END LOOP;
        END LOOP;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION analytics_touch(bigint, bigint, date, int)`);
    await queryRunner.query(`DROP FUNCTION analytics_bump(int, char, date, int, int, int, int, int, int, int, int)`);
    await queryRunner.query(`DROP FUNCTION analytics_step(char, date, int)`);
    await queryRunner.query(`DROP FUNCTION analytics_period(char, date)`);
    await queryRunner.query(`DROP FUNCTION analytics_event_day(bigint)`);
    await queryRunner.query(`DROP FUNCTION analytics_day(timestamptz)`);
    await queryRunner.query(`DROP FUNCTION analytics_time_zone()`);
    await queryRunner.query(`ALTER TABLE "survey_responses" DROP CONSTRAINT "FK_3827f5d217232ba7aec714abdd8"`);
    await queryRunner.query(`ALTER TABLE "survey_responses" DROP CONSTRAINT "FK_2b4e3f83ce0b4a0d7617ac0cd44"`);
    await queryRunner.query(`ALTER TABLE "survey_participations" DROP CONSTRAINT "FK_74bd07385af60c2e5de250b8fed"`);
    await queryRunner.query(`ALTER TABLE "survey_participations" DROP CONSTRAINT "FK_6d46ef9fc60790cd5c32c9eb958"`);
    await queryRunner.query(`ALTER TABLE "survey_questions" DROP CONSTRAINT "FK_895ad6ec351b200c52c8d1ec099"`);
    await queryRunner.query(`ALTER TABLE "surveys" DROP CONSTRAINT "FK_ed63005b2c83de54855639c4f38"`);
    await queryRunner.query(`ALTER TABLE "surveys" DROP CONSTRAINT "FK_285cc229f4f9bff617585aba757"`);
    await queryRunner.query(`ALTER TABLE "analytics_purchases" DROP CONSTRAINT "FK_f7dc9bc5a0d929c6247ab393293"`);
    await queryRunner.query(`ALTER TABLE "analytics_purchases" DROP CONSTRAINT "FK_5853fcf1b8418969102e9ba3c88"`);
    await queryRunner.query(`ALTER TABLE "analytics_event_facts" DROP CONSTRAINT "FK_ae173ca1b901cf0faecc8907abf"`);
    await queryRunner.query(`ALTER TABLE "analytics_challenge_facts" DROP CONSTRAINT "FK_bcf18fe2c43b8d3bcfe24bc7f75"`);
    await queryRunner.query(`ALTER TABLE "analytics_user_periods" DROP CONSTRAINT "FK_1f961b69410cada6a7ba5ceb1b9"`);
    await queryRunner.query(`ALTER TABLE "analytics_members" DROP CONSTRAINT "FK_ffc4065942f7a7b376827f8a57a"`);
    await queryRunner.query(`DROP INDEX "public"."survey_responses_survey_idx"`);
    await queryRunner.query(`DROP INDEX "public"."survey_responses_day_idx"`);
    await queryRunner.query(`DROP TABLE "survey_responses"`);
    await queryRunner.query(`DROP INDEX "public"."survey_participations_user_idx"`);
    await queryRunner.query(`DROP TABLE "survey_participations"`);
    await queryRunner.query(`DROP TABLE "survey_questions"`);
    await queryRunner.query(`DROP INDEX "public"."surveys_brand_idx"`);
    await queryRunner.query(`DROP INDEX "public"."surveys_status_idx"`);
    await queryRunner.query(`DROP TABLE "surveys"`);
    await queryRunner.query(`DROP INDEX "public"."analytics_purchases_user_idx"`);
    await queryRunner.query(`DROP INDEX "public"."analytics_purchases_ref_key"`);
    await queryRunner.query(`DROP TABLE "analytics_purchases"`);
    await queryRunner.query(`DROP INDEX "public"."analytics_donations_day_idx"`);
    await queryRunner.query(`DROP TABLE "analytics_donations"`);
    await queryRunner.query(`DROP INDEX "public"."analytics_event_facts_day_idx"`);
    await queryRunner.query(`DROP TABLE "analytics_event_facts"`);
    await queryRunner.query(`DROP TABLE "analytics_event_brands"`);
    await queryRunner.query(`DROP INDEX "public"."analytics_challenge_facts_brand_idx"`);
    await queryRunner.query(`DROP TABLE "analytics_challenge_facts"`);
    await queryRunner.query(`DROP TABLE "analytics_points_daily"`);
    await queryRunner.query(`DROP TABLE "analytics_points_entries"`);
    await queryRunner.query(`DROP TABLE "analytics_cohorts"`);
    await queryRunner.query(`DROP TABLE "analytics_period_stats"`);
    await queryRunner.query(`DROP INDEX "public"."analytics_user_periods_user_idx"`);
    await queryRunner.query(`DROP TABLE "analytics_user_periods"`);
    await queryRunner.query(`DROP TABLE "analytics_members"`);
    await queryRunner.query(`DROP TABLE "analytics_settings"`);
  }
}
