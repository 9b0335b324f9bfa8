/**
 * The ledger under fire: fast-check model-based runs of interleaved earns, redemptions,
 * donations, spends and refunds against the real PostgreSQL ledger, in rounds whose commands run
 * concurrently, with idempotency keys drawn from a small pool so replays, mismatches and
 * concurrent duplicates happen all the time.
 *
 *  - a round of one command is checked against the model exactly (success iff the model says so,
 *    replays answer the first result, a key reused for another request is 422);
 *  - after every round, whatever the interleaving: each member's available balance equals the
 *    model replayed over the observed successes and is never negative; the balance row equals the
 *    sum of the member's ledger entries; every redemption and donation has exactly one ledger
 *    entry and every key at most one of them; reward stock and campaign totals match the rows.
 *
 * Earns, spends and refunds go through the PointsWallet seam (the way every area moves value);
 * redemptions and donations through the HTTP API with Idempotency-Key.
 * A failure prints (and appends to LEDGER_FIRE_SEEDS, default $TMPDIR/wala-ledger-fire-seeds.txt)
 * the seed and path; FC_SEED=… FC_PATH=… replays it.
 */
import fc from 'fast-check';
import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { one, rows } from '../../apps/api/src/common/sql';
import { PointsWallet } from '../../apps/api/src/common/points-wallet';
import { AppError } from '../../apps/api/src/common/errors';
import { Db } from '../../apps/api/src/database/db.service';
import type { LedgerService } from '../../apps/api/src/loyalty/ledger.service';
import { startApp, type TestApp } from '../support/app';
import { makeBrand, makeMember, type Member } from '../support/factories';
import { insertCampaign, insertReward } from '../support/rewards';
import { record } from './counts';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

const USERS = 2;
const KEYS = ['key-aaaaaaaa', 'key-bbbbbbbb', 'key-cccccccc'];
const REWARDS = [
  { cost: 7, stock: 4 },
  { cost: 13, stock: 2 },
];

type Cmd =
  | { t: 'earn'; u: number; points: number }
  | { t: 'redeem'; u: number; r: number; key: string }
  | { t: 'donate'; u: number; points: number; key: string }
  | { t: 'spend'; u: number; points: number }
  | { t: 'refund'; u: number; pick: number };

const user = fc.integer({ min: 0, max: USERS - 1 });
const key = fc.constantFrom(...KEYS);
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({ t: fc.constant('earn' as const), u: user, points: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ t: fc.constant('redeem' as const), u: user, r: fc.integer({ min: 0, max: REWARDS.length - 1 }), key }),
  fc.record({ t: fc.constant('donate' as const), u: user, points: fc.integer({ min: 1, max: 25 }), key }),
  fc.record({ t: fc.constant('spend' as const), u: user, points: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ t: fc.constant('refund' as const), u: user, pick: fc.nat() }),
);
/** a round: commands sent at once */
const rounds = fc.array(fc.array(cmd, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 8 });

interface Stage {
  members: Member[];
  rewardIds: number[];
  campaignId: number;
  minDonation: number;
}

interface Model {
  available: number[];
  stock: number[];
  /** per member and route: key → [request identity, result id] */
  keys: Map<string, { request: string; id: number }>;
  /** seam spends: entry id, points, refunded */
  spends: { u: number; entryId: number; points: number; refunded: boolean }[];
}

let sourceSeq = 1_000_000;
const wallet = () => app.wala.app.get(PointsWallet) as LedgerService;

async function stage(): Promise<Stage> {
  const members: Member[] = [];
  for (let i = 0; i < USERS; i++) members.push(await makeMember(app));
  const brand = await makeBrand(app);
  const rewardIds: number[] = [];
  for (const r of REWARDS) rewardIds.push(await insertReward(app, { brandId: brand.id, kind: 'digital', cost: r.cost, stock: r.stock }));
  const campaignId = await insertCampaign(app, brand.id);
  const c = await one<{ min_points: number }>(app.get(Db).ds, `SELECT min_points FROM campaigns WHERE id = $1`, [campaignId]);
  return { members, rewardIds, campaignId, minDonation: Number(c?.min_points ?? 1) };
}

type Outcome = { ok: true; id: number; replayed: boolean } | { ok: false; status: number; code: string };

type Spend = Model['spends'][number];

/** The seam spend a refund command aims at, fixed before its round runs. */
function targetOf(m: Model, c: Cmd): Spend | null {
  if (c.t !== 'refund') return null;
  const mine = m.spends.filter((x) => x.u === c.u);
  return mine.length ? mine[c.pick % mine.length] : null;
}

async function run(s: Stage, c: Cmd, target: Spend | null): Promise<Outcome> {
  const member = s.members[c.u];
  const userId = member.id;
  const seam = async (f: () => Promise<number>): Promise<Outcome> => {
    try {
      return { ok: true, id: await f(), replayed: false };
    } catch (e) {
      if (e instanceof AppError) return { ok: false, status: e.status, code: e.code };
      throw e;
    }
  };
  const http = async (path: string, body: unknown, k: string): Promise<Outcome> => {
    const res = await member.api.post(path, body, { 'idempotency-key': k });
    if (res.status === 200 || res.status === 201) return { ok: true, id: res.body.id, replayed: res.headers.get('idempotent-replayed') === 'true' };
    return { ok: false, status: res.status, code: String(res.body?.code) };
  };
  switch (c.t) {
    case 'earn':
      return seam(async () => {
        const e = await app.get(Db).tx((em) =>
          wallet().award(em, { userId, points: c.points, rule: 'fire', sourceType: 'fire', sourceId: ++sourceSeq, brandId: null, reason: 'fire', maturesAt: null }),
        );
        return e!.id;
      });
    case 'spend':
      return seam(async () => {
        const d = await app.get(Db).tx((em) =>
          wallet().debit(em, { userId, points: c.points, kind: 'spend', sourceType: 'fire', sourceId: ++sourceSeq, brandId: null, reason: 'fire' }),
        );
        return d.entryId;
      });
    case 'refund': {
      if (!target) return { ok: false, status: 404, code: 'no spend yet' };
      return seam(async () => {
        const r = await app.get(Db).tx((em) => wallet().refund(em, { entryId: target.entryId, sourceType: 'fire-refund', sourceId: target.entryId, reason: 'fire' }));
        return r.entryId;
      });
    }
    case 'redeem':
      return http(`/rewards/${s.rewardIds[c.r]}/redeem`, {}, c.key);
    case 'donate':
      return http(`/campaigns/${s.campaignId}/donate`, { points: c.points + s.minDonation - 1 }, c.key);
  }
}

const keyOf = (c: Extract<Cmd, { key: string }>) => `${c.u}:${c.t}:${c.key}`;
const requestOf = (c: Cmd) => (c.t === 'redeem' ? `r${c.r}` : c.t === 'donate' ? `d${c.points}` : '');
const cost = (s: Stage, c: Cmd) => (c.t === 'redeem' ? REWARDS[c.r].cost : c.t === 'donate' ? c.points + s.minDonation - 1 : c.t === 'spend' ? c.points : 0);

/** What the model expects of a command run alone. */
function predict(s: Stage, m: Model, c: Cmd, target: Spend | null): 'ok' | 'replay' | 'mismatch' | 'refused' {
  if (c.t === 'earn') return 'ok';
  if (c.t === 'refund') return !target || target.refunded ? 'refused' : 'ok';
  if (c.t === 'redeem' || c.t === 'donate') {
    const seen = m.keys.get(keyOf(c));
    if (seen) return seen.request === requestOf(c) ? 'replay' : 'mismatch';
    if (c.t === 'redeem' && m.stock[c.r] <= 0) return 'refused';
  }
  return m.available[c.u] >= cost(s, c) ? 'ok' : 'refused';
}

/** Applies an observed outcome to the model; returns a complaint when it cannot be explained. */
function apply(s: Stage, m: Model, c: Cmd, o: Outcome, target: Spend | null): string | null {
  if (!o.ok) {
    if (o.status >= 500) return `${o.status} ${o.code}`;
    return null;
  }
  switch (c.t) {
    case 'earn':
      m.available[c.u] += c.points;
      return null;
    case 'spend':
      m.available[c.u] -= c.points;
      m.spends.push({ u: c.u, entryId: o.id, points: c.points, refunded: false });
      return null;
    case 'refund': {
      if (!target) return 'a refund of nothing succeeded';
      if (target.refunded) return `refund of entry ${target.entryId} succeeded twice`;
      target.refunded = true;
      m.available[c.u] += target.points;
      return null;
    }
    case 'redeem':
    case 'donate': {
      const k = keyOf(c);
      const seen = m.keys.get(k);
      if (seen) {
        if (seen.request !== requestOf(c)) return `key ${k} reused for another request and accepted`;
        if (seen.id !== o.id) return `key ${k} answered ${o.id}, first result was ${seen.id}`;
        return null;
      }
      m.keys.set(k, { request: requestOf(c), id: o.id });
      m.available[c.u] -= cost(s, c);
      if (c.t === 'redeem') m.stock[c.r] -= 1;
      return null;
    }
  }
}

/** The invariants of the stored state, whatever happened. */
async function invariants(s: Stage, m: Model): Promise<string[]> {
  const db = app.get(Db).ds;
  const out: string[] = [];
  for (const [u, member] of s.members.entries()) {
    const b = await one<{ available: number; pending: number; debt: number }>(db, `SELECT available, pending, debt FROM points_balances WHERE user_id = $1`, [member.id]);
    const sum = await one<{ delta: string; pending: string; debt: string }>(
      db,
      `SELECT COALESCE(SUM(delta), 0) AS delta, COALESCE(SUM(pending_delta), 0) AS pending, COALESCE(SUM(debt_delta), 0) AS debt FROM points_entries WHERE user_id = $1`,
      [member.id],
    );
    const available = b?.available ?? 0;
    if (available !== m.available[u]) out.push(`member ${u}: available ${available}, model ${m.available[u]}`);
    if (available < 0) out.push(`member ${u}: negative balance ${available}`);
    if (available !== Number(sum!.delta) || (b?.pending ?? 0) !== Number(sum!.pending)) out.push(`member ${u}: balance row ${JSON.stringify(b)} ≠ entries ${JSON.stringify(sum)}`);
    const red = await one<{ rows: string; entries: string; keys: string }>(
      db,
      `SELECT (SELECT count(*) FROM redemptions WHERE user_id = $1) AS rows,
              (SELECT count(DISTINCT idempotency_key) FROM redemptions WHERE user_id = $1) AS keys,
              (SELECT count(*) FROM points_entries WHERE user_id = $1 AND kind = 'spend' AND source_type <> 'fire') AS entries`,
      [member.id],
    );
    if (red!.rows !== red!.entries || red!.rows !== red!.keys) out.push(`member ${u}: redemptions ${JSON.stringify(red)}`);
    const don = await one<{ rows: string; entries: string; keys: string }>(
      db,
      `SELECT (SELECT count(*) FROM donations WHERE user_id = $1) AS rows,
              (SELECT count(DISTINCT idempotency_key) FROM donations WHERE user_id = $1) AS keys,
              (SELECT count(*) FROM points_entries WHERE user_id = $1 AND kind = 'donation') AS entries`,
      [member.id],
    );
    if (don!.rows !== don!.entries || don!.rows !== don!.keys) out.push(`member ${u}: donations ${JSON.stringify(don)}`);
  }
  for (const [i, id] of s.rewardIds.entries()) {
    const r = await one<{ stock: number; taken: string }>(db, `SELECT stock, (SELECT count(*) FROM redemptions WHERE reward_id = $1) AS taken FROM rewards WHERE id = $1`, [id]);
    if (r!.stock !== m.stock[i] || r!.stock + Number(r!.taken) !== REWARDS[i].stock) out.push(`reward ${i}: stock ${r!.stock}, taken ${r!.taken}, model ${m.stock[i]}`);
  }
  const c = await one<{ donated_points: string; sum: string }>(
    db,
    `SELECT donated_points, (SELECT COALESCE(SUM(points), 0) FROM donations WHERE campaign_id = $1) AS sum FROM campaigns WHERE id = $1`,
    [s.campaignId],
  );
  if (c!.donated_points !== c!.sum) out.push(`campaign: donated ${c!.donated_points}, donations ${c!.sum}`);
  return out;
}

let commands = 0;
let runs = 0;
afterAll(() => {
  record('ledger: model-based runs', runs);
  record('ledger: commands interleaved', commands);
});

it('keeps every balance, key, stock and total right under interleaved earns, redemptions, donations, spends and refunds', async () => {
  const property = fc.asyncProperty(rounds, async (plan) => {
    runs++;
    const s = await stage();
    const m: Model = { available: Array(USERS).fill(0), stock: REWARDS.map((r) => r.stock), keys: new Map(), spends: [] };
    for (const [i, round] of plan.entries()) {
      commands += round.length;
      const targets = round.map((c) => targetOf(m, c));
      const expected = round.length === 1 ? predict(s, m, round[0], targets[0]) : null;
      const outcomes = await Promise.all(round.map((c, j) => run(s, c, targets[j])));
      const complaints: string[] = [];
      for (const [j, c] of round.entries()) {
        const o = outcomes[j];
        const why = apply(s, m, c, o, targets[j]);
        if (why) complaints.push(`${JSON.stringify(c)}: ${why}`);
        if (expected) {
          const got = o.ok ? (o.replayed ? 'replay' : 'ok') : o.status === 422 ? 'mismatch' : 'refused';
          if (got !== expected) complaints.push(`${JSON.stringify(c)} alone: expected ${expected}, got ${JSON.stringify(o)}`);
        }
      }
      complaints.push(...(await invariants(s, m)));
      if (complaints.length) throw new Error(`round ${i} ${JSON.stringify(round)}:\n${complaints.join('\n')}`);
    }
  });
  const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
  const details = await fc.check(property, { numRuns: Number(process.env.LEDGER_FIRE_RUNS ?? 25), seed, path: process.env.FC_PATH, endOnFailure: true });
  if (details.failed) {
    const file = process.env.LEDGER_FIRE_SEEDS ?? join(tmpdir(), 'wala-ledger-fire-seeds.txt');
    appendFileSync(file, `${new Date().toISOString()} FC_SEED=${details.seed} FC_PATH=${details.counterexamplePath ?? ''}\n`);
    const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`${cause}\n\n${fc.defaultReportMessage(details)}\nsaved to ${file}: replay with FC_SEED=${details.seed} FC_PATH=${details.counterexamplePath ?? ''}`);
  }
  expect(runs).toBeGreaterThan(0);
});

it('lets concurrent duplicates of one key spend once, and a different request under the key never', async () => {
  const s = await stage();
  const member = s.members[0];
  await app.get(Db).tx((em) => wallet().award(em, { userId: member.id, points: 100, rule: 'fire', sourceType: 'fire', sourceId: ++sourceSeq, brandId: null, reason: 'fire', maturesAt: null }));
  const k = 'race-key-0001';
  const same = await Promise.all(Array.from({ length: 6 }, () => member.api.post(`/rewards/${s.rewardIds[0]}/redeem`, {}, { 'idempotency-key': k })));
  const ids = new Set(same.filter((r) => r.status === 200 || r.status === 201).map((r) => r.body.id));
  expect(ids.size).toBe(1);
  for (const r of same) expect([409, 200, 201]).toContain(r.status);
  const other = await member.api.post(`/rewards/${s.rewardIds[1]}/redeem`, {}, { 'idempotency-key': k });
  expect(other.status).toBe(422);
  const d = await Promise.all(Array.from({ length: 6 }, () => member.api.post(`/campaigns/${s.campaignId}/donate`, { points: s.minDonation + 2 }, { 'idempotency-key': k })));
  expect(new Set(d.filter((r) => r.status === 201 || r.status === 200).map((r) => r.body.id)).size).toBe(1);
  const after = await rows<{ kind: string; n: string }>(app.get(Db).ds, `SELECT kind, count(*) AS n FROM points_entries WHERE user_id = $1 GROUP BY kind ORDER BY kind`, [member.id]);
  expect(after.map((r) => [r.kind, Number(r.n)])).toEqual([
    ['award', 1],
    ['donation', 1],
    ['spend', 1],
  ]);
  const b = await one<{ available: number }>(app.get(Db).ds, `SELECT available FROM points_balances WHERE user_id = $1`, [member.id]);
  expect(b!.available).toBe(100 - REWARDS[0].cost - (s.minDonation + 2));
});
