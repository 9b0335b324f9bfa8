import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LoyaltyLedger1795614377069 implements MigrationInterface {
  name = 'LoyaltyLedger1795614377069';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "points_entries" ("id" BIGSERIAL NOT NULL, "user_id" bigint NOT NULL, "kind" character varying(16) NOT NULL, "delta" integer NOT NULL, "pending_delta" integer NOT NULL DEFAULT '0', "debt_delta" integer NOT NULL DEFAULT '0', "earned_delta" integer NOT NULL DEFAULT '0', "reason" character varying(80) NOT NULL, "params" jsonb NOT NULL DEFAULT '{}', "source_type" character varying(40) NOT NULL, "source_id" bigint NOT NULL, "source_sub" bigint NOT NULL DEFAULT '0', "generation" integer NOT NULL DEFAULT '0', "rule" character varying(60) NOT NULL DEFAULT '', "rule_id" bigint, "campaign_id" bigint, "brand_id" bigint, "reverses_entry_id" bigint, "matures_at" TIMESTAMP WITH TIME ZONE, "actor_id" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "points_entries_reverses" CHECK (("reverses_entry_id" IS NULL) = ("kind" NOT IN ('reversal', 'refund'))), CONSTRAINT "points_entries_earned_kinds" CHECK ("earned_delta" = 0 OR "kind" IN ('award', 'reversal')), CONSTRAINT "points_entries_spend_negative" CHECK ("kind" NOT IN ('spend', 'donation', 'expiry') OR ("delta" < 0 AND "pending_delta" = 0 AND "earned_delta" = 0)), CONSTRAINT "points_entries_kind" CHECK ("kind" IN ('award', 'reversal', 'spend', 'refund', 'donation', 'expiry', 'adjustment', 'pending-release')), CONSTRAINT "PK_65c6da170aeec36e4870a88336e" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "points_entries_maturing_idx" ON "points_entries" ("matures_at") WHERE "kind" = 'award' AND "pending_delta" > 0`);
    await queryRunner.query(`CREATE UNIQUE INDEX "points_entries_reverses_once" ON "points_entries" ("reverses_entry_id") WHERE "reverses_entry_id" IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "points_entries_source_once" ON "points_entries" ("kind", "source_type", "source_id") WHERE "kind" IN ('spend', 'donation', 'pending-release')`);
    await queryRunner.query(`CREATE UNIQUE INDEX "points_entries_award_once" ON "points_entries" ("user_id", "rule", "source_type", "source_id", "source_sub", "generation") WHERE "kind" = 'award'`);
    await queryRunner.query(`CREATE INDEX "points_entries_user_time_idx" ON "points_entries" ("user_id", "created_at") `);
    await queryRunner.query(`CREATE INDEX "points_entries_user_idx" ON "points_entries" ("user_id", "id") `);
    await queryRunner.query(`CREATE TABLE "points_balances" ("user_id" bigint NOT NULL, "available" integer NOT NULL DEFAULT '0', "pending" integer NOT NULL DEFAULT '0', "debt" integer NOT NULL DEFAULT '0', "earned" integer NOT NULL DEFAULT '0', "tier_id" bigint, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "points_balances_debt_nonneg" CHECK ("debt" >= 0), CONSTRAINT "points_balances_pending_nonneg" CHECK ("pending" >= 0), CONSTRAINT "points_balances_available_nonneg" CHECK ("available" >= 0), CONSTRAINT "PK_78f2bdf6e94b3d1ba0745500301" PRIMARY KEY ("user_id"))`);
    await queryRunner.query(`CREATE TABLE "loyalty_tiers" ("id" BIGSERIAL NOT NULL, "name" character varying(40) NOT NULL, "name_ar" character varying(40) NOT NULL, "min_points" integer NOT NULL, "multiplier_pct" integer NOT NULL DEFAULT '100', "perks" jsonb NOT NULL DEFAULT '[]', "color" character varying(7) NOT NULL DEFAULT '#888888', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "loyalty_tiers_multiplier" CHECK ("multiplier_pct" BETWEEN 100 AND 1000), CONSTRAINT "loyalty_tiers_min_points" CHECK ("min_points" >= 0), CONSTRAINT "PK_a669fdbbbe951b211e403c977a6" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "loyalty_tiers_min_points_key" ON "loyalty_tiers" ("min_points") `);
    await queryRunner.query(`ALTER TABLE "points_entries" ADD CONSTRAINT "FK_8982f4807d82b988095541e9e80" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "points_entries" ADD CONSTRAINT "FK_950fd36d3a70f1327271e12db7c" FOREIGN KEY ("brand_id") REFERENCES "brands"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "points_entries" ADD CONSTRAINT "FK_d37536115363b8f062a69575a54" FOREIGN KEY ("reverses_entry_id") REFERENCES "points_entries"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "points_entries" ADD CONSTRAINT "FK_ecbdc1a586012db00128077915a" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "points_balances" ADD CONSTRAINT "FK_78f2bdf6e94b3d1ba0745500301" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "points_balances" ADD CONSTRAINT "FK_34672594c910173d167a233b717" FOREIGN KEY ("tier_id") REFERENCES "loyalty_tiers"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    // the ledger is append-only: corrections are new entries
    await queryRunner.query(`CREATE FUNCTION points_entries_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'points_entries is append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
END $$`);
    await queryRunner.query(`CREATE TRIGGER points_entries_no_update BEFORE UPDATE OR DELETE ON "points_entries" FOR EACH ROW EXECUTE FUNCTION points_entries_refuse_change()`);
    await queryRunner.query(`CREATE TRIGGER points_entries_no_truncate BEFORE TRUNCATE ON "points_entries" FOR EACH STATEMENT EXECUTE FUNCTION points_entries_refuse_change()`);
    // every entry moves its member's balances in the same statement (the CHECKs refuse an overdraft)
    await queryRunner.query(`CREATE FUNCTION points_entries_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE points_balances SET
    available = available + NEW.delta,
    pending = pending + NEW.pending_delta,
    debt = debt + NEW.debt_delta,
    earned = earned + NEW.earned_delta,
    updated_at = now()
  WHERE user_id = NEW.user_id;
  IF NOT FOUND THEN
    INSERT INTO points_balances (user_id, available, pending, debt, earned)
    VALUES (NEW.user_id, NEW.delta, NEW.pending_delta, NEW.debt_delta, NEW.earned_delta);
  END IF;
  RETURN NULL;
END $$`);
    await queryRunner.query(`CREATE TRIGGER points_entries_apply AFTER INSERT ON "points_entries" FOR EACH ROW EXECUTE FUNCTION points_entries_apply()`);
    // balances change only through that trigger: a direct write of an amount is refused
    await queryRunner.query(`CREATE FUNCTION points_balances_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() < 2 THEN
    IF TG_OP = 'DELETE' THEN
      RAISE EXCEPTION 'points_balances rows are never deleted' USING ERRCODE = 'restrict_violation';
    ELSIF TG_OP = 'INSERT' AND (NEW.available, NEW.pending, NEW.debt, NEW.earned) IS DISTINCT FROM (0, 0, 0, 0) THEN
      RAISE EXCEPTION 'points_balances amounts come from ledger entries' USING ERRCODE = 'restrict_violation';
    ELSIF TG_OP = 'UPDATE' AND (NEW.available, NEW.pending, NEW.debt, NEW.earned) IS DISTINCT FROM (OLD.available, OLD.pending, OLD.debt, OLD.earned) THEN
      RAISE EXCEPTION 'points_balances amounts come from ledger entries' USING ERRCODE = 'restrict_violation';
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$`);
    await queryRunner.query(`CREATE TRIGGER points_balances_guard BEFORE INSERT OR UPDATE OR DELETE ON "points_balances" FOR EACH ROW EXECUTE FUNCTION points_balances_guard()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER points_balances_guard ON "points_balances"`);
    await queryRunner.query(`DROP FUNCTION points_balances_guard()`);
    await queryRunner.query(`DROP TRIGGER points_entries_apply ON "points_entries"`);
    await queryRunner.query(`DROP FUNCTION points_entries_apply()`);
    await queryRunner.query(`DROP TRIGGER points_entries_no_truncate ON "points_entries"`);
    await queryRunner.query(`DROP TRIGGER points_entries_no_update ON "points_entries"`);
    await queryRunner.query(`DROP FUNCTION points_entries_refuse_change()`);
    await queryRunner.query(`ALTER TABLE "points_balances" DROP CONSTRAINT "FK_34672594c910173d167a233b717"`);
    await queryRunner.query(`ALTER TABLE "points_balances" DROP CONSTRAINT "FK_78f2bdf6e94b3d1ba0745500301"`);
    await queryRunner.query(`ALTER TABLE "points_entries" DROP CONSTRAINT "FK_ecbdc1a586012db00128077915a"`);
    await queryRunner.query(`ALTER TABLE "points_entries" DROP CONSTRAINT "FK_d37536115363b8f062a69575a54"`);
    await queryRunner.query(`ALTER TABLE "points_entries" DROP CONSTRAINT "FK_950fd36d3a70f1327271e12db7c"`);
    await queryRunner.query(`ALTER TABLE "points_entries" DROP CONSTRAINT "FK_8982f4807d82b988095541e9e80"`);
    await queryRunner.query(`DROP INDEX "public"."loyalty_tiers_min_points_key"`);
    await queryRunner.query(`DROP TABLE "loyalty_tiers"`);
    await queryRunner.query(`DROP TABLE "points_balances"`);
    await queryRunner.query(`DROP INDEX "public"."points_entries_user_idx"`);
    await queryRunner.query(`DROP INDEX "public"."points_entries_user_time_idx"`);
    await queryRunner.query(`DROP INDEX "public"."points_entries_award_once"`);
    await queryRunner.query(`DROP INDEX "public"."points_entries_source_once"`);
    await queryRunner.query(`DROP INDEX "public"."points_entries_reverses_once"`);
    await queryRunner.query(`DROP INDEX "public"."points_entries_maturing_idx"`);
    await queryRunner.query(`DROP TABLE "points_entries"`);
  }
}
