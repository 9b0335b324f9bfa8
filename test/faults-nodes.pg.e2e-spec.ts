/**
 * Faults injected into API nodes (issue 10): two real API processes on one PostgreSQL, and one
 * of them killed with SIGKILL while it works.
 *  - mid-redemptions: every redemption is all-or-nothing, and a retry with its key on the other
 *    node completes it (or answers what the dead node had answered);
 *  - mid-chat, behind a TCP proxy: the clients of the dead node reconnect through the proxy to
 *    the other one and catch up on what they missed, each message once.
 */
import type { ChatMessage } from '@wala/contract';
import { rows } from '../apps/api/src/common/sql';
import { Db } from '../apps/api/src/database/db.service';
import { startApp, type TestApp } from './support/app';
import { clientId, makeChannel } from './support/chat';
import { Client, type Res } from './support/client';
import { makeBrand, makeMember, type Member } from './support/factories';
import { givePoints } from './support/loyalty';
import { ownRedis, type OwnRedis } from './support/own-services';
import { eventually, spawnApi, type ApiProcess } from './support/process';
import { insertReward } from './support/rewards';
import { connect, emitRaw, type TestSocket } from './support/sockets';
import { tcpProxy, type TcpProxy } from './support/tcp-proxy';

let app: TestApp;
let redis: OwnRedis;
const nodes: ApiProcess[] = [];
const sockets: TestSocket[] = [];
let proxy: TcpProxy | null = null;

beforeAll(async () => {
  redis = await ownRedis();
  app = await startApp({ env: { REDIS_URL: redis.url } });
}, 120_000);
afterAll(async () => {
  for (const s of sockets) s.close();
  await proxy?.close();
  for (const n of nodes) await n.stop();
  await app?.close();
  await redis?.stop();
});

/** A node of its own on the suite's database and the test's Redis. */
async function node(): Promise<ApiProcess> {
  const n = await spawnApi({ DATABASE_URL: app.databaseUrl!, REDIS_URL: redis.url, SESSION_SECRET: app.config.sessionSecret });
  nodes.push(n);
  return n;
}

const db = () => app.get(Db).ds;
const as = (url: string, m: Member) => Object.assign(new Client(url), { bearer: m.api.bearer });
/** the node is alive and logged no error (pino levels 50 and 60) */
const healthy = (n: ApiProcess) => ({ exitCode: n.child.exitCode, signal: n.child.signalCode, errors: n.output().split('\n').filter((l) => /"level":(50|60)\b/.test(l)) });
const HEALTHY = { exitCode: null, signal: null, errors: [] };

describe('an API node killed with SIGKILL in the middle of redemptions', () => {
  const MEMBERS = 150;
  const CODES = 50;
  const COST = 30;
  const POINTS = 100;
  const KILL_AFTER = 10;

  it('leaves each redemption all-or-nothing, and a retry with its key on the other node completes it', async () => {
    const [a, b] = [await node(), await node()];
    const brand = await makeBrand(app);
    const codes = Array.from({ length: CODES }, (_, i) => `KILL-${String(i).padStart(3, '0')}`);
    const rewardId = await insertReward(app, { brandId: brand.id, kind: 'coupon', cost: COST, codes });
    const members: Member[] = [];
    while (members.length < MEMBERS) {
      members.push(
        ...(await Promise.all(
          Array.from({ length: 10 }, async () => {
            const m = await makeMember(app);
            await givePoints(app, m.id, POINTS);
            return m;
          }),
        )),
      );
    }
    const key = (m: Member) => `kill-redeem-${m.id}`;
    const redeem = (url: string, m: Member, body: object = {}) => as(url, m).post(`/rewards/${rewardId}/redeem`, body, { 'idempotency-key': key(m) });

    // every member's redemption at node A at once. Once KILL_AFTER of them are acknowledged, the
    // test watches the database and kills A (SIGKILL) as soon as it sees a redemption committed
    // that has not been acknowledged yet: the moment between COMMIT and the answer.
    // (a network error is kept as a string: errors from fetch are of another realm than Jest's `Error`)
    const fromA = new Map<number, Res | string>();
    let acked = 0;
    let inFlightAtKill = -1;
    let committedAtKill = -1;
    let ackedAtKill = -1;
    let arm = () => {};
    const armed = new Promise<void>((resolve) => (arm = resolve));
    const requests = Promise.all(
      members.map((m) =>
        redeem(a.url, m).then(
          (res) => {
            fromA.set(m.id, res);
            if (res.status === 201 && ++acked === KILL_AFTER) arm();
            if (fromA.size === MEMBERS) arm();
          },
          (e: unknown) => {
            fromA.set(m.id, String(e));
            if (fromA.size === MEMBERS) arm();
          },
        ),
      ),
    );
    await armed;
    while (fromA.size < MEMBERS) {
      const [{ n }] = await rows<{ n: number }>(db(), `SELECT count(*)::int AS n FROM redemptions WHERE reward_id = $1`, [rewardId]);
      if (n > acked || n === CODES) {
        expect(a.child.exitCode).toBeNull(); // A was alive and well until now
        a.child.kill('SIGKILL');
        inFlightAtKill = MEMBERS - fromA.size;
        committedAtKill = n;
        ackedAtKill = acked;
        break;
      }
    }
    await requests;
    await a.kill();
    expect(inFlightAtKill).toBeGreaterThan(0);
    const answeredByA = [...fromA.values()].filter((r): r is Res => typeof r !== 'string');
    const lostAnswers = MEMBERS - answeredByA.length;
    expect(lostAnswers).toBeGreaterThan(0);
    // what A did answer is definite: a redemption, or out of stock
    for (const r of answeredByA) expect([201, 409]).toContain(r.status);

    // every request again, same key and body, at node B until each has a definite answer (a 503
    // or a network error is tried again)
    let attempts = 0;
    const fromB = new Map<number, Res>();
    await Promise.all(
      members.map(async (m) => {
        const res = await eventually(
          async () => {
            attempts++;
            const r = await redeem(b.url, m);
            return r.status === 503 ? null : r;
          },
          60_000,
          200,
        );
        fromB.set(m.id, res);
      }),
    );

    // each key has exactly one outcome: a redemption (201) or out of stock (409), and B agrees with what A said
    const replayedUnanswered: number[] = [];
    for (const m of members) {
      const res = fromB.get(m.id)!;
      const outcome = res.status === 201 ? 'redeemed' : res.status === 409 && res.body.code === 'rewards.out_of_stock' ? 'out of stock' : `${res.status} ${res.text}`;
      expect({ member: m.id, outcome }).toEqual({ member: m.id, outcome: expect.stringMatching(/^(redeemed|out of stock)$/) });
      const first = fromA.get(m.id);
      if (first !== undefined && typeof first !== 'string') {
        // what A acknowledged, B answers identically (a 409 is the same problem, with its own request id)
        expect({ member: m.id, status: res.status }).toEqual({ member: m.id, status: first.status });
        if (first.status === 201) {
          expect(res.body).toEqual(first.body);
          expect(res.headers.get('idempotent-replayed')).toBe('true');
        } else expect(res.body.code).toBe(first.body.code);
      } else if (res.status === 201 && res.headers.get('idempotent-replayed') === 'true') {
        replayedUnanswered.push(m.id); // A committed it and died before answering
      }
    }
    const won = members.filter((m) => fromB.get(m.id)!.status === 201);
    expect(won).toHaveLength(CODES);
    // the key is bound to its request: another body under it is refused, never a second redemption
    for (const m of won.slice(0, 10)) {
      expect((await redeem(b.url, m, { shipping: { name: 'N', line1: 'L', city: 'C', country: 'SA' } })).status).toBe(422);
    }

    // the database: no partial effect of any attempt
    const ids = members.map((m) => m.id);
    const redemptions = await rows<{ id: number; user_id: number; idempotency_key: string; code: string; ledger_entry_id: number; points: number }>(
      db(),
      `SELECT id, user_id, idempotency_key, code, ledger_entry_id, points FROM redemptions WHERE reward_id = $1 ORDER BY id`,
      [rewardId],
    );
    expect(redemptions.map((d) => [d.user_id, d.idempotency_key]).sort()).toEqual(won.map((m) => [m.id, key(m)]).sort());
    for (const d of redemptions) expect(fromB.get(d.user_id)!.body).toMatchObject({ id: d.id, code: d.code, points: COST });
    // one spend entry of the reward's cost per redemption, and none without one
    const spends = await rows<{ id: number; user_id: number; source_id: number; delta: number }>(
      db(),
      `SELECT id, user_id, source_id, delta FROM points_entries WHERE kind = 'spend' AND source_type = 'redemption' AND user_id = ANY($1::bigint[]) ORDER BY source_id`,
      [ids],
    );
    expect(spends.map((e) => ({ id: e.id, user: e.user_id, redemption: e.source_id, delta: e.delta }))).toEqual(
      redemptions.map((d) => ({ id: d.ledger_entry_id, user: d.user_id, redemption: d.id, delta: -COST })),
    );
    // one code per redemption, to its member; none assigned without one
    const assigned = await rows<{ code: string; assigned_to: number | null; redemption_id: number | null }>(
      db(),
      `SELECT code, assigned_to, redemption_id FROM reward_codes WHERE reward_id = $1 AND (redemption_id IS NOT NULL OR assigned_to IS NOT NULL) ORDER BY redemption_id`,
      [rewardId],
    );
    expect(assigned).toEqual(redemptions.map((d) => ({ code: d.code, assigned_to: d.user_id, redemption_id: d.id })));
    // stock: what there was = what is left + what was redeemed (all of it: every key was retried to the end)
    const [{ stock }] = await rows<{ stock: number }>(db(), `SELECT stock FROM rewards WHERE id = $1`, [rewardId]);
    expect(stock + redemptions.length).toBe(CODES);
    expect(stock).toBe(0);
    const claims = await rows<{ user_id: number; count: number }>(db(), `SELECT user_id, count FROM reward_claims WHERE reward_id = $1 AND count > 0 ORDER BY user_id`, [
      rewardId,
    ]);
    expect(claims).toEqual(won.map((m) => ({ user_id: m.id, count: 1 })).sort((x, y) => x.user_id - y.user_id));
    // balances: the sum of the member's entries, never negative, the reward's cost once per redemption
    const balances = await rows<{ user_id: number; available: number; sum: number; spent: number }>(
      db(),
      `SELECT b.user_id, b.available, (SELECT sum(delta)::int FROM points_entries e WHERE e.user_id = b.user_id) AS sum,
              (SELECT COALESCE(sum(-delta), 0)::int FROM points_entries e WHERE e.user_id = b.user_id AND e.kind = 'spend') AS spent
         FROM points_balances b WHERE b.user_id = ANY($1::bigint[]) ORDER BY b.user_id`,
      [ids],
    );
    expect(balances).toHaveLength(MEMBERS);
    const wonIds = new Set(won.map((m) => m.id));
    for (const x of balances) {
      expect({ member: x.user_id, available: x.available, spent: x.spent }).toEqual({ member: x.user_id, available: x.sum, spent: wonIds.has(x.user_id) ? COST : 0 });
      expect(x.available).toBeGreaterThanOrEqual(0);
    }
    expect(healthy(b)).toEqual(HEALTHY);

    console.log(
      `kill mid-redemptions: ${MEMBERS} requests to A, ${inFlightAtKill} in flight at the kill (${committedAtKill} committed, ${ackedAtKill} acknowledged then), ` +
        `${answeredByA.length} answered by A (${answeredByA.filter((r) => r.status === 201).length} × 201), ${lostAnswers} lost their answer, ` +
        `${replayedUnanswered.length} of those committed by A before it died (B replayed them); ${MEMBERS} retried on B in ${attempts} attempts, ` +
        `${won.length} redeemed, ${MEMBERS - won.length} out of stock`,
    );
  }, 180_000);
});

/** A member reading a channel through the proxy, as the web app does: live messages, and a catch-up after each reconnect. */
class Watcher {
  socket!: TestSocket;
  /** the channel's messages as the client holds them, by id */
  readonly view = new Map<number, ChatMessage>();
  /** how often each message was pushed live to this client */
  readonly pushed = new Map<number, number>();
  /** messages this client got only from a catch-up */
  readonly caughtUp = new Set<number>();
  readonly problems: string[] = [];
  drops = 0;
  resumes = 0;
  private resuming: Promise<void> = Promise.resolve();

  constructor(
    readonly member: Member,
    readonly channelId: number,
    /** how it catches up: the chat:history event, or the REST since-route (through the proxy too) */
    readonly by: 'socket' | 'rest',
    private readonly proxyUrl: string,
  ) {}

  get lastId(): number {
    return Math.max(0, ...this.view.keys());
  }

  async open(): Promise<void> {
    this.socket = await connect(this.proxyUrl, { token: this.member.api.bearer }, { reconnection: true });
    sockets.push(this.socket);
    this.socket.on('chat:message', (m) => {
      if (m.channelId !== this.channelId) return;
      this.pushed.set(m.id, (this.pushed.get(m.id) ?? 0) + 1);
      this.view.set(m.id, m);
    });
    this.socket.on('disconnect', () => this.drops++);
    // every later 'connect' is a reconnect (the first one was awaited above)
    this.socket.on('connect', () => {
      this.resuming = this.resume().catch((e: unknown) => {
        this.problems.push(`resume: ${String(e)}`);
      });
    });
    await this.join();
  }

  /** resolves when the catch-up of the latest reconnect is done */
  settled(): Promise<void> {
    return this.resuming;
  }

  private async join(): Promise<void> {
    const res = await emitRaw(this.socket, 'chat:join', { channelId: this.channelId });
    if (!res.ok) throw new Error(`chat:join: ${JSON.stringify(res)}`);
  }

  /**
   * After a reconnect, as the web app's chat page (Chat.svelte `join`, Conversation `catchUp`):
   * re-join the channel's room, then fetch every message after the last one held, page by page
   * (10 a page here, 100 in the app, so paging is exercised). One difference, on purpose: the
   * cursor is taken before re-joining and moved by the pages only. The app reads its last id
   * after the join's ack, so a live message pushed in between moves it past the ones missed
   * (see "faults" in docs/RELIABILITY.md).
   */
  private async resume(): Promise<void> {
    const after = this.lastId;
    await this.join();
    let cursor = after;
    for (let page = 0; page < 50; page++) {
      const h =
        this.by === 'socket'
          ? await emitRaw(this.socket, 'chat:history', { channelId: this.channelId, after: cursor, limit: 10 }).then((r) => {
              if (!r.ok) throw new Error(`chat:history: ${JSON.stringify(r)}`);
              return r.data as { items: ChatMessage[]; more: boolean };
            })
          : await Object.assign(new Client(this.proxyUrl), { bearer: this.member.api.bearer })
              .get(`/chat/channels/${this.channelId}/messages/since?after=${cursor}&limit=10`)
              .then((r) => {
                if (r.status !== 200) throw new Error(`since: ${r.status} ${r.text}`);
                return r.body as { items: ChatMessage[]; more: boolean };
              });
      for (const m of h.items) {
        if (m.id <= cursor) this.problems.push(`catch-up after ${cursor} returned ${m.id} (out of order or repeated)`);
        cursor = m.id;
        if (!this.view.has(m.id)) this.caughtUp.add(m.id);
        this.view.set(m.id, m);
      }
      if (!h.more) break;
    }
    this.resumes++;
  }
}

/** chat:send with an ack timeout: the stored message, or null when the ack never came (node gone) or was an error. */
function send(s: TestSocket, channelId: number, body: string): Promise<ChatMessage | null> {
  return new Promise((resolve) => {
    (s.timeout(15_000).emit as unknown as (e: string, p: unknown, cb: (err: unknown, res: { ok: boolean; data?: ChatMessage }) => void) => void)(
      'chat:send',
      { channelId, body, clientId: clientId() },
      (err, res) => resolve(!err && res.ok ? res.data! : null),
    );
  });
}

describe('two API nodes behind a TCP proxy, one killed with SIGKILL mid-chat', () => {
  const WATCHERS = 6;

  it('its clients reconnect through the proxy to the other node and catch up: every message once, none missing', async () => {
    const [a, b] = [await node(), await node()];
    proxy = await tcpProxy([a.port, b.port]);
    const ch = await makeChannel(app);
    // round-robin: watchers 0, 2, 4 land on A and 1, 3, 5 on B; each way of catching up on both
    const watchers: Watcher[] = [];
    for (let i = 0; i < WATCHERS; i++) {
      const w = new Watcher(await makeMember(app), ch.id, i % 4 < 2 ? 'socket' : 'rest', proxy.url);
      await w.open();
      watchers.push(w);
    }
    expect(proxy.stats.piped).toEqual([WATCHERS / 2, WATCHERS / 2]);
    // senders straight on each node
    const senderA = await connect(a.url, { token: (await makeMember(app)).api.bearer });
    const senderB = [await connect(b.url, { token: (await makeMember(app)).api.bearer }), await connect(b.url, { token: (await makeMember(app)).api.bearer })];
    sockets.push(senderA, ...senderB);
    const acked: ChatMessage[] = [];
    const burst = async (s: TestSocket, tag: string, n: number) => {
      const out: ChatMessage[] = [];
      for (let i = 0; i < n; i++) {
        const m = await send(s, ch.id, `${tag}-${i}`);
        if (!m) throw new Error(`${tag}-${i} not acknowledged`);
        acked.push(m);
        out.push(m);
      }
      return out;
    };
    const seenByAll = (ms: ChatMessage[], ws = watchers) => ws.every((w) => ms.every((m) => w.view.has(m.id)));

    // 1. both nodes up: every message reaches every watcher live, across nodes
    await Promise.all([burst(senderA, 'a1', 2), burst(senderB[0], 'b1', 2), burst(senderB[1], 'c1', 2)]);
    await eventually(async () => seenByAll(acked));

    // 2. A is killed while 8 sends are in flight on it (as the 2nd of them is acknowledged); new
    //    connections wait at the proxy, so the watchers of A stay away while B goes on
    proxy.hold();
    const unackedA: string[] = [];
    let ackedA = 0;
    let inFlightAtKill = -1;
    const doneA = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        send(senderA, ch.id, `a2-${i}`).then((m) => {
          if (m) {
            acked.push(m);
            if (++ackedA === 2) {
              a.child.kill('SIGKILL');
              inFlightAtKill = 8 - ackedA;
            }
          } else unackedA.push(`a2-${i}`);
          return m;
        }),
      ),
    );
    await a.kill();
    expect(inFlightAtKill).toBeGreaterThan(0);
    expect(doneA.filter((m) => m).length).toBeGreaterThanOrEqual(2);
    const onA = watchers.filter((_, i) => i % 2 === 0);
    const onB = watchers.filter((_, i) => i % 2 === 1);
    await eventually(async () => onA.every((w) => w.drops === 1));

    // 3. while they are away, B's members write
    const missed = (await Promise.all([burst(senderB[0], 'b3', 5), burst(senderB[1], 'c3', 5)])).flat();
    expect(onA.every((w) => w.socket.disconnected)).toBe(true);
    await eventually(async () => seenByAll(missed, onB));

    // 4. the proxy lets them through: A refuses, B takes them; B's members keep writing meanwhile
    proxy.release();
    let resumed = false;
    const during = async (s: TestSocket, tag: string) => {
      for (let i = 0; i < 15 && !resumed; i++) {
        await burst(s, `${tag}-${i}`, 1);
        await new Promise((r) => setTimeout(r, 100)); // pace: the chat send limit is 30 per 10 s
      }
    };
    const writing = Promise.all([during(senderB[0], 'b4'), during(senderB[1], 'c4')]);
    await eventually(async () => onA.every((w) => w.resumes === 1 && w.socket.connected), 30_000);
    resumed = true;
    await writing;
    await burst(senderB[0], 'b5', 1);
    await Promise.all(watchers.map((w) => w.settled()));
    await eventually(async () => seenByAll(acked));

    // every acknowledged message is stored; each watcher holds exactly the stored ones (those A
    // stored without acknowledging may be missing: nobody was told they exist), each pushed at most once
    const stored = await rows<{ id: number; body: string }>(db(), `SELECT id, body FROM chat_messages WHERE channel_id = $1 ORDER BY id`, [ch.id]);
    const storedIds = stored.map((m) => m.id);
    expect(acked.map((m) => m.id).filter((id) => !storedIds.includes(id))).toEqual([]);
    const unackedStored = stored.filter((m) => unackedA.includes(m.body)).map((m) => m.id);
    for (const [i, w] of watchers.entries()) {
      const held = [...w.view.values()].sort((x, y) => x.id - y.id);
      expect({ watcher: i, problems: w.problems }).toEqual({ watcher: i, problems: [] });
      expect({ watcher: i, missing: storedIds.filter((id) => !w.view.has(id) && !unackedStored.includes(id)) }).toEqual({ watcher: i, missing: [] });
      expect({ watcher: i, held: held.map((m) => [m.id, m.body]) }).toEqual({ watcher: i, held: stored.filter((m) => w.view.has(m.id)).map((m) => [m.id, m.body]) });
      expect({ watcher: i, pushedTwice: [...w.pushed].filter(([, n]) => n > 1).map(([id]) => id) }).toEqual({ watcher: i, pushedTwice: [] });
    }
    // A's watchers dropped once, came back once, and got what was written while they were away from the catch-up
    for (const w of onA) {
      expect({ drops: w.drops, resumes: w.resumes }).toEqual({ drops: 1, resumes: 1 });
      expect(missed.filter((m) => !w.caughtUp.has(m.id))).toEqual([]);
    }
    for (const w of onB) expect({ drops: w.drops, resumes: w.resumes, caughtUp: w.caughtUp.size }).toEqual({ drops: 0, resumes: 0, caughtUp: 0 });
    // a reconnect went to A first and was passed on to B
    expect(proxy.stats.failovers).toBeGreaterThanOrEqual(1);
    expect(proxy.stats.dropped).toBe(0);
    expect(healthy(b)).toEqual(HEALTHY);
    expect((await new Client(proxy.url).get('/api/health')).status).toBe(200);

    console.log(
      `kill mid-chat: ${acked.length} messages acknowledged (${acked.filter((m) => !!m.body?.startsWith('a')).length} by A), ` +
        `${inFlightAtKill} sends in flight on A at the kill (${unackedStored.length} of them stored unacknowledged), ` +
        `${missed.length} written while A's watchers were away; caught up: ${onA.map((w) => `${w.caughtUp.size} (${w.by})`).join(', ')}; ` +
        `proxy: ${proxy.stats.piped.join('/')} connections A/B, ${proxy.stats.failovers} failovers`,
    );
  }, 180_000);
});
