import { sha256Hex, hexToBytes, verifyGiveaway, type GiveawayProof } from '@wala/contract';
import { startApp, type TestApp } from './support/app';
import { closeGiveaway, giveawayBody, published, twoBrands } from './support/engagement';
import { anonymous, makeMember, type Member } from './support/factories';
import { givePoints, ledgerOf } from './support/loyalty';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Db } from '../apps/api/src/database/db.service';

let app: TestApp;
let manager: Member;
let otherManager: Member;
let brand: { id: number };
beforeAll(async () => {
  app = await startApp({ env: { GIVEAWAY_PAID_ENTRIES: 'true' } });
  ({ manager, otherManager, brand } = await twoBrands(app));
});
afterAll(async () => {
  await app?.close();
});

it('commits to a seed, takes one entry per member and key, draws once after close, and proves the draw', async () => {
  expect((await otherManager.api.post('/giveaways', giveawayBody(brand.id))).status).toBe(404);
  const created = await manager.api.post('/giveaways', giveawayBody(brand.id));
  expect(created.status).toBe(201);
  const id = created.body.id as number;
  const seedHash = created.body.seedHash as string;
  expect(seedHash).toMatch(/^[0-9a-f]{64}$/);
  expect(JSON.stringify(created.body)).not.toMatch(/"seed"/);

  const members = await Promise.all(Array.from({ length: 8 }, () => makeMember(app)));
  const receipts: string[] = [];
  for (const m of members) {
    const e = await m.api.post(`/giveaways/${id}/entries`, {});
    expect(e.status).toBe(201);
    receipts.push(e.body.receipt as string);
  }
  // the same key again: the same entry
  const again = await members[0].api.post(`/giveaways/${id}/entries`, {});
  expect(again.body.receipt).toBe(receipts[0]);
  expect((await members[0].api.post(`/giveaways/${id}/entries`, { key: 'second' })).status).toBe(409);
  // staff and the brand's own managers cannot enter
  const admin = await makeMember(app, { role: 'admin' });
  expect((await admin.api.post(`/giveaways/${id}/entries`, {})).status).toBe(403);
  expect((await manager.api.post(`/giveaways/${id}/entries`, {})).status).toBe(403);
  expect((await anonymous(app).get(`/giveaways/${id}`)).body.entries).toBe(8);

  // no draw before close; nothing revealed
  expect((await manager.api.post(`/giveaways/${id}/draw`)).status).toBe(409);
  const early = await anonymous(app).get(`/giveaways/${id}/proof`);
  expect(early.body).toMatchObject({ seed: null, listHash: null, drawn: [] });
  expect(JSON.stringify(early.body)).not.toContain('userId');

  await closeGiveaway(app, id);
  const late = await makeMember(app);
  const closed = await late.api.post(`/giveaways/${id}/entries`, {});
  expect(closed.status).toBe(409);
  expect(closed.body.code).toBe('engagement.giveaway_closed');
  expect((await otherManager.api.post(`/giveaways/${id}/draw`)).status).toBe(404);

  const drawn = await manager.api.post(`/giveaways/${id}/draw`);
  expect(drawn.status).toBe(200);
  expect(drawn.body.status).toBe('drawn');
  expect(drawn.body.winners).toHaveLength(4);
  expect(drawn.body.winners.map((w: { kind: string }) => w.kind)).toEqual(['winner', 'winner', 'alternate', 'alternate']);
  expect(new Set(drawn.body.winners.map((w: { receipt: string }) => w.receipt)).size).toBe(4);
  const second = await manager.api.post(`/giveaways/${id}/draw`);
  expect(second.body.winners).toEqual(drawn.body.winners);

  const proof = (await anonymous(app).get(`/giveaways/${id}/proof`)).body as GiveawayProof;
  expect(proof.entries.map((e) => e.receipt)).toEqual(receipts);
  expect(await sha256Hex(hexToBytes(proof.seed!))).toBe(seedHash);
  expect(proof.drawn).toEqual(drawn.body.winners.map((w: { receipt: string }) => w.receipt));
  expect((await anonymous(app).get(`/giveaways/${id}/verification`)).body).toMatchObject({ ok: true, seedMatchesHash: true, listHashMatches: true, drawMatches: true });
  expect((await verifyGiveaway(proof)).ok).toBe(true);
  // any tampering is caught
  const swapped = { ...proof, entries: [...proof.entries].reverse().map((e, i) => ({ ...e, seq: i + 1 })) };
  expect((await verifyGiveaway(swapped)).listHashMatches).toBe(false);
  expect((await verifyGiveaway({ ...proof, seed: 'ab'.repeat(32) })).ok).toBe(false);
  expect((await verifyGiveaway({ ...proof, drawn: [...proof.drawn].reverse() })).drawMatches).toBe(false);

  // the command-line verifier
  const dir = mkdtempSync(join(tmpdir(), 'proof-'));
  writeFileSync(join(dir, 'ok.json'), JSON.stringify(proof));
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...proof, drawn: [...proof.drawn].reverse() }));
  const ok = spawnSync(process.execPath, ['scripts/verify-giveaway.js', join(dir, 'ok.json')], { encoding: 'utf8' });
  expect({ status: ok.status, verified: ok.stdout.includes('\nVERIFIED') }).toEqual({ status: 0, verified: true });
  const bad = spawnSync(process.execPath, ['scripts/verify-giveaway.js', join(dir, 'bad.json')], { encoding: 'utf8' });
  expect({ status: bad.status, out: bad.stdout.includes('NOT VERIFIED') }).toEqual({ status: 1, out: true });

  const winnerIds = (await published(app, 'giveaway.drawn')).find((e) => e.giveawayId === id)!.winnerUserIds;
  expect(winnerIds).toHaveLength(2);
  // member ids are visible to the brand, not to the public
  expect((await anonymous(app).get(`/giveaways/${id}`)).body.winners[0].userId).toBeUndefined();
  expect(drawn.body.winners[0].userId).toBe(winnerIds[0]);

  // the first winner claims; the second is passed to the first alternate
  const w1 = members.find((m) => m.id === winnerIds[0])!;
  expect((await w1.api.post(`/giveaways/${id}/claim`)).body.winners[0].status).toBe('claimed');
  const loser = members.find((m) => !winnerIds.includes(m.id) && m.id !== drawn.body.winners[2].userId)!;
  expect((await loser.api.post(`/giveaways/${id}/claim`)).status).toBe(404);
  const passed = await manager.api.post(`/giveaways/${id}/winners/2/pass`);
  expect(passed.body.winners.map((w: { kind: string; status: string }) => `${w.kind}:${w.status}`)).toEqual([
    'winner:claimed',
    'winner:passed',
    'winner:pending',
    'alternate:pending',
  ]);
  const promoted = members.find((m) => m.id === drawn.body.winners[2].userId)!;
  expect((await promoted.api.get('/notifications')).body.items.map((n: { kind: string }) => n.kind)).toContain('giveaway_won');
});

it('debits paid entries through the ledger, in the same transaction', async () => {
  const created = await manager.api.post('/giveaways', giveawayBody(brand.id, { entryCostPoints: 40, maxEntriesPerMember: 3 }));
  const id = created.body.id as number;
  const m = await makeMember(app);
  const poor = await m.api.post(`/giveaways/${id}/entries`, { key: 'a' });
  expect(poor.status).toBe(409);
  expect((await app.get(Db).ds.query(`SELECT count(*)::int AS n FROM giveaway_entries WHERE giveaway_id = $1`, [id]))[0].n).toBe(0);
  await givePoints(app, m.id, 100);
  expect((await m.api.post(`/giveaways/${id}/entries`, { key: 'a' })).status).toBe(201);
  expect((await m.api.post(`/giveaways/${id}/entries`, { key: 'a' })).status).toBe(201); // replay: no second debit
  expect((await m.api.post(`/giveaways/${id}/entries`, { key: 'b' })).status).toBe(201);
  expect((await ledgerOf(app).balance(app.get(Db).ds, m.id)).available).toBe(20);
  expect((await m.api.post(`/giveaways/${id}/entries`, { key: 'c' })).status).toBe(409); // 20 points left
  expect((await m.api.get(`/giveaways/${id}`)).body.myEntries).toHaveLength(2);
  const exported = await m.api.get('/me/export');
  expect(exported.body.giveaways).toHaveLength(2);
});

it('refuses a suspended member an entry, and audits create, draw, claim and pass to an alternate', async () => {
  const admin = await makeMember(app, { role: 'admin' });
  const created = await manager.api.post('/giveaways', giveawayBody(brand.id, { winnersCount: 2, alternatesCount: 1 }));
  expect(created.status).toBe(201);
  const id = created.body.id as number;
  const entries = async () => (await app.get(Db).ds.query(`SELECT user_id FROM giveaway_entries WHERE giveaway_id = $1`, [id])).map((r: { user_id: string | number }) => Number(r.user_id));

  // suspended through moderation: the session ends and signing in again is refused, so no entry
  const banned = await makeMember(app);
  expect((await admin.api.post(`/forum/moderation/users/${banned.id}/suspend`, { hours: 24, reason: 'spam' })).status).toBe(200);
  expect((await banned.api.post(`/giveaways/${id}/entries`, {})).status).toBe(401);
  // suspended while a session is still alive: refused on the entry route itself
  const alsoBanned = await makeMember(app);
  await app.get(Db).ds.query(`UPDATE users SET suspended_until = now() + interval '1 day' WHERE id = $1`, [alsoBanned.id]);
  const refused = await alsoBanned.api.post(`/giveaways/${id}/entries`, {});
  expect(refused.status).toBe(403);
  expect(refused.body.code).toBe('auth.suspended');
  const fair = await Promise.all([makeMember(app), makeMember(app), makeMember(app)]);
  for (const m of fair) expect((await m.api.post(`/giveaways/${id}/entries`, {})).status).toBe(201);
  expect((await entries()).sort()).toEqual(fair.map((m) => m.id).sort());

  await closeGiveaway(app, id);
  const drawn = await manager.api.post(`/giveaways/${id}/draw`);
  expect(drawn.status).toBe(200);
  const [winner, second, alternate] = drawn.body.winners as { userId: number; kind: string }[];
  expect([winner.kind, second.kind, alternate.kind]).toEqual(['winner', 'winner', 'alternate']);
  expect((await fair.find((m) => m.id === winner.userId)!.api.post(`/giveaways/${id}/claim`)).status).toBe(200);
  expect((await manager.api.post(`/giveaways/${id}/winners/2/pass`)).status).toBe(200);

  const trail = ((await admin.api.get('/admin/audit?action=giveaway.')).body.items as { action: string; actorId: number; targetId: number; data: Record<string, unknown> }[])
    .filter((e) => e.targetId === id)
    .reverse();
  expect(trail.map((e) => [e.action, e.actorId])).toEqual([
    ['giveaway.create', manager.id],
    ['giveaway.draw', manager.id],
    ['giveaway.claim', winner.userId],
    ['giveaway.pass', manager.id],
  ]);
  expect(trail[0].data).toMatchObject({ brandId: brand.id, seedHash: created.body.seedHash });
  expect(trail[3].data).toMatchObject({ from: 2, to: 3 });
});
