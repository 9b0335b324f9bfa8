import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  drawIndexes,
  initialListHash,
  nextListHash,
  sha256Hex,
  verifyGiveaway,
  type GiveawayDto,
  type GiveawayEntryReceiptDto,
  type GiveawayProof,
  type GiveawayVerification,
  type GiveawayWinnerDto,
  type Page,
} from '@wala/contract';
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { isStaff } from '../../common/access';
import type { AuthUser } from '../../common/auth-context';
import { AppError, conflict, invalidFields, notFound } from '../../common/errors';
import { MemberStanding } from '../../common/member-standing';
import { decodeCursor, toPage } from '../../common/params';
import { PointsWallet } from '../../common/points-wallet';
import { one, rows, type Queryable } from '../../common/sql';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { Db } from '../../database/db.service';
import { PersonalData } from '../../identity/personal-data';
import { NotificationsService } from '../../notifications/notifications.service';
import { assertManages, iso, laterEnd, lockManaged, managesOrNull, markCancelled, textColumns, updateColumns } from '../engagement-common';
import type { CreateGiveawayDto, UpdateGiveawayDto } from './giveaway.dto';

interface GiveawayRow {
  id: number;
  brand_id: number | null;
  title: string;
  title_ar: string;
  description: string;
  description_ar: string;
  prize: string;
  prize_ar: string;
  opens_at: Date;
  closes_at: Date;
  winners_count: number;
  alternates_count: number;
  entry_cost_points: number;
  max_entries_per_member: number;
  min_tier_rank: number;
  min_points: number;
  seed: string;
  seed_hash: string;
  head_hash: string;
  entry_count: number;
  status: 'open' | 'drawn';
  drawn_at: Date | null;
  created_at: Date;
  cancelled_at: Date | null;
  cancel_reason: string | null;
}

interface EntryRow {
  id: number;
  user_id: number;
  seq: number;
  receipt: string;
  running_hash: string;
  created_at: Date;
}

interface WinnerRow {
  position: number;
  kind: 'winner' | 'alternate';
  status: 'pending' | 'claimed' | 'passed';
  receipt: string;
  user_id: number;
  display_name: string;
}

const mapReceipt = (e: EntryRow): GiveawayEntryReceiptDto => ({
  entryId: e.id,
  seq: e.seq,
  receipt: e.receipt,
  runningHash: e.running_hash,
  createdAt: e.created_at.toISOString(),
});

@Injectable()
export class GiveawaysService implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly standing: MemberStanding,
    private readonly wallet: PointsWallet,
    private readonly notifications: NotificationsService,
    private readonly personalData: PersonalData,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // entries are kept on erasure: receipts carry no personal data and the public proof needs them
    this.personalData.register({
      section: 'giveaways',
      collect: (em, userId) =>
        rows(
          em,
          `SELECT e.giveaway_id, e.seq, e.receipt, e.running_hash, e.created_at, w.kind AS drawn_as, w.status AS prize_status
             FROM giveaway_entries e LEFT JOIN giveaway_winners w ON w.entry_id = e.id WHERE e.user_id = $1 ORDER BY e.id`,
          [userId],
        ),
    });
  }

  async create(actor: AuthUser, dto: CreateGiveawayDto): Promise<GiveawayDto> {
    const brandId = dto.brandId ?? null;
    assertManages(actor, brandId);
    const opensAt = dto.opensAt ? new Date(dto.opensAt) : new Date();
    const closesAt = new Date(dto.closesAt);
    if (closesAt <= opensAt) throw invalidFields([{ field: 'closesAt', code: 'default' }]);
    if ((dto.entryCostPoints ?? 0) > 0 && !this.config.paidGiveawayEntries) throw new AppError(403, 'errors.engagement.paid_entries_disabled');
    const seed = randomBytes(32);
    const seedHash = await sha256Hex(seed);
    return this.db.tx(async (em) => {
      if (brandId !== null && !(await one(em, `SELECT 1 FROM brands WHERE id = $1`, [brandId]))) throw notFound();
      const [g] = await rows<GiveawayRow>(
        em,
        `INSERT INTO giveaways (brand_id, title, title_ar, description, description_ar, prize, prize_ar, opens_at, closes_at, winners_count,
                                alternates_count, entry_cost_points, max_entries_per_member, min_tier_rank, min_points, seed, seed_hash,
                                head_hash, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, '', $18) RETURNING *`,
        [
          brandId,
          dto.title,
          dto.titleAr,
          dto.description ?? '',
          dto.descriptionAr ?? '',
          dto.prize,
          dto.prizeAr,
          opensAt,
          closesAt,
          dto.winnersCount,
          dto.alternatesCount ?? 0,
          dto.entryCostPoints ?? 0,
          dto.maxEntriesPerMember ?? 1,
          dto.minTierRank ?? 0,
          dto.minPoints ?? 0,
          seed.toString('hex'),
          seedHash,
          actor.id,
        ],
      );
      const head = await initialListHash(g.id, seedHash);
      await em.query(`UPDATE giveaways SET head_hash = $2 WHERE id = $1`, [g.id, head]);
      await this.audit.record(em, { actorId: actor.id, action: 'giveaway.create', targetType: 'giveaway', targetId: g.id, data: { brandId, seedHash } });
      return this.toDto(em, { ...g, head_hash: head }, actor);
    });
  }

  /**
   * The edits that keep the published commitment: the texts, and a later close while entries are
   * still taken. The seed, its hash and the entry chain do not depend on the close, so extending
   * an open giveaway breaks nothing; once closed the list hash is published and frozen, so the
   * close never moves again (and never moves earlier, which would cut off entrants). The prize,
   * winner counts, cost and gates are what members entered for: not editable.
   */
  async update(actor: AuthUser, id: number, dto: UpdateGiveawayDto): Promise<GiveawayDto> {
    await this.db.tx(async (em) => {
      const g = await lockManaged<GiveawayRow>(em, 'giveaways', actor, id);
      const closesAt = laterEnd('closesAt', g.closes_at, dto.closesAt);
      if (closesAt && (g.status !== 'open' || Date.now() >= g.closes_at.getTime())) throw conflict('errors.engagement.giveaway_closed');
      await updateColumns(em, 'giveaways', id, { ...textColumns(dto), closes_at: closesAt });
      await this.audit.record(em, { actorId: actor.id, action: 'giveaway.update', targetType: 'giveaway', targetId: id, data: { fields: Object.keys(dto) } });
    });
    return this.get(actor, id);
  }

  /**
   * Cancels before the draw: entries are refused from now on, paid entries are refunded through
   * the ledger (a refund entry per paid entry, at most once: the row lock and cancelled_at make a
   * second cancel a 409, and the ledger refunds a spend once), and entrants are told.
   */
  async cancel(actor: AuthUser, id: number, reason: string): Promise<GiveawayDto> {
    await this.db.tx(async (em) => {
      const g = await lockManaged<GiveawayRow>(em, 'giveaways', actor, id);
      if (g.status === 'drawn') throw conflict('errors.engagement.giveaway_drawn');
      await markCancelled(em, this.audit, 'giveaways', 'giveaway', actor, id, reason);
      const entries = await rows<{ id: number; user_id: number; debit_entry_id: number | null }>(
        em,
        `SELECT id, user_id, debit_entry_id FROM giveaway_entries WHERE giveaway_id = $1 ORDER BY seq`,
        [id],
      );
      for (const e of entries) {
        if (e.debit_entry_id !== null)
          await this.wallet.refund(em, { entryId: e.debit_entry_id, sourceType: 'giveaway_entry', sourceId: e.id, reason: `giveaway ${id} cancelled` });
      }
      for (const userId of new Set(entries.map((e) => e.user_id))) {
        await this.notifications.notify(em, {
          userId,
          kind: 'giveaway_cancelled',
          data: { giveawayId: id, title: g.title, titleAr: g.title_ar, reason },
          dedupeKey: `giveaway-cancelled:${id}`,
        });
      }
    });
    return this.get(actor, id);
  }

  async list(user: AuthUser | null, q: { cursor?: string; limit: number; brandId?: number }): Promise<Page<GiveawayDto>> {
    const cur = decodeCursor(q.cursor, ['number']);
    const found = await rows<GiveawayRow>(
      this.db.ds,
      `SELECT * FROM giveaways WHERE ($1::bigint IS NULL OR brand_id = $1) AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
      [q.brandId ?? null, cur?.[0] ?? null, q.limit + 1],
    );
    const kept = found.slice(0, q.limit);
    const items: GiveawayDto[] = [];
    for (const g of kept) items.push(await this.toDto(this.db.ds, g, user));
    return toPage(found, q.limit, (g) => items[kept.indexOf(g)], (g) => [g.id]);
  }

  async get(user: AuthUser | null, id: number): Promise<GiveawayDto> {
    return this.toDto(this.db.ds, await this.find(this.db.ds, id), user);
  }

  /**
   * An entry: a random receipt appended to the hash chain of the list (the giveaway row is
   * locked, so entries are strictly ordered). The same idempotency key returns the same entry.
   * Paid entries debit points in this transaction.
   */
  async enter(user: AuthUser, id: number, key: string | undefined): Promise<GiveawayEntryReceiptDto> {
    return this.db.tx(async (em) => {
      const g = await one<GiveawayRow>(em, `SELECT * FROM giveaways WHERE id = $1 FOR UPDATE`, [id]);
      if (!g) throw notFound();
      const idem = key ?? (g.max_entries_per_member === 1 ? 'single' : null);
      if (!idem) throw invalidFields([{ field: 'key', code: 'isDefined' }]);
      const same = await one<EntryRow>(em, `SELECT * FROM giveaway_entries WHERE giveaway_id = $1 AND user_id = $2 AND idempotency_key = $3`, [
        id,
        user.id,
        idem,
      ]);
      if (same) return mapReceipt(same);
      if (g.cancelled_at) throw conflict('errors.engagement.cancelled');
      const now = Date.now();
      if (now < g.opens_at.getTime()) throw conflict('errors.engagement.giveaway_not_open');
      if (g.status !== 'open' || now >= g.closes_at.getTime()) throw conflict('errors.engagement.giveaway_closed');
      // staff and the brand's own managers cannot enter
      if (isStaff(user) || (g.brand_id !== null && user.managedBrandIds.includes(g.brand_id))) throw new AppError(403, 'errors.engagement.giveaway_ineligible');
      if (g.min_tier_rank && (await this.standing.tierRank(em, user.id)) < g.min_tier_rank)
        throw new AppError(403, 'errors.engagement.tier_too_low', { rank: g.min_tier_rank });
      if (g.min_points && (await this.wallet.balance(em, user.id)).available < g.min_points)
        throw new AppError(403, 'errors.engagement.giveaway_min_points', { points: g.min_points });
      const [mine] = await rows<{ n: number }>(em, `SELECT count(*)::int AS n FROM giveaway_entries WHERE giveaway_id = $1 AND user_id = $2`, [id, user.id]);
      if (mine.n >= g.max_entries_per_member) throw conflict('errors.engagement.giveaway_max_entries');
      const receipt = randomBytes(16).toString('hex');
      const running = await nextListHash(g.head_hash, receipt);
      const [e] = await rows<EntryRow>(
        em,
        `INSERT INTO giveaway_entries (giveaway_id, user_id, seq, receipt, running_hash, idempotency_key) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
        [id, user.id, g.entry_count + 1, receipt, running, idem],
      );
      await em.query(`UPDATE giveaways SET head_hash = $2, entry_count = entry_count + 1 WHERE id = $1`, [id, running]);
      if (g.entry_cost_points > 0) {
        const debit = await this.wallet.debit(em, {
          userId: user.id,
          points: g.entry_cost_points,
          kind: 'spend',
          sourceType: 'giveaway_entry',
          sourceId: e.id,
          brandId: g.brand_id,
          reason: `giveaway ${g.id}`,
        });
        await em.query(`UPDATE giveaway_entries SET debit_entry_id = $2 WHERE id = $1`, [e.id, debit.entryId]);
      }
      await this.db.publish(em, 'giveaway.entered', { giveawayId: id, userId: user.id, entryId: e.id, brandId: g.brand_id });
      return mapReceipt(e);
    });
  }

  /** The draw, once: a second call returns the same winners. */
  async draw(actor: AuthUser, id: number): Promise<GiveawayDto> {
    return this.db.tx(async (em) => {
      const g = await one<GiveawayRow>(em, `SELECT * FROM giveaways WHERE id = $1 FOR UPDATE`, [id]);
      if (!g) throw notFound();
      assertManages(actor, g.brand_id);
      if (g.status === 'drawn') return this.toDto(em, g, actor);
      if (g.cancelled_at) throw conflict('errors.engagement.cancelled');
      if (Date.now() < g.closes_at.getTime()) throw conflict('errors.engagement.giveaway_not_closed');
      const entries = await rows<EntryRow>(em, `SELECT * FROM giveaway_entries WHERE giveaway_id = $1 ORDER BY seq`, [id]);
      const picked = await drawIndexes(g.seed, g.head_hash, entries.length, g.winners_count + g.alternates_count);
      for (const [i, idx] of picked.entries()) {
        await em.query(`INSERT INTO giveaway_winners (giveaway_id, position, entry_id, kind) VALUES ($1, $2, $3, $4)`, [
          id,
          i + 1,
          entries[idx].id,
          i < g.winners_count ? 'winner' : 'alternate',
        ]);
      }
      const [drawn] = await rows<GiveawayRow>(em, `UPDATE giveaways SET status = 'drawn', drawn_at = now() WHERE id = $1 RETURNING *`, [id]);
      const winners = picked.slice(0, g.winners_count).map((idx) => entries[idx].user_id);
      for (const userId of new Set(winners)) await this.notifyWinner(em, g, userId);
      await this.db.publish(em, 'giveaway.drawn', { giveawayId: id, brandId: g.brand_id, winnerUserIds: winners });
      await this.audit.record(em, {
        actorId: actor.id,
        action: 'giveaway.draw',
        targetType: 'giveaway',
        targetId: id,
        data: { listHash: g.head_hash, entries: entries.length, drawn: picked.map((i) => entries[i].receipt) },
      });
      return this.toDto(em, drawn, actor);
    });
  }

  async claim(user: AuthUser, id: number): Promise<GiveawayDto> {
    return this.db.tx(async (em) => {
      const g = await this.find(em, id);
      const [w] = await rows(
        em,
        `UPDATE giveaway_winners w SET status = 'claimed', decided_at = now() FROM giveaway_entries e
          WHERE w.giveaway_id = $1 AND w.kind = 'winner' AND w.status = 'pending' AND e.id = w.entry_id AND e.user_id = $2 RETURNING w.position`,
        [id, user.id],
      );
      if (!w) throw notFound('errors.engagement.not_a_winner');
      await this.audit.record(em, { actorId: user.id, action: 'giveaway.claim', targetType: 'giveaway', targetId: id, data: w });
      return this.toDto(em, g, user);
    });
  }

  /** An unclaimed prize passes to the next alternate in draw order. */
  async pass(actor: AuthUser, id: number, position: number): Promise<GiveawayDto> {
    return this.db.tx(async (em) => {
      const g = await one<GiveawayRow>(em, `SELECT * FROM giveaways WHERE id = $1 FOR UPDATE`, [id]);
      if (!g) throw notFound();
      assertManages(actor, g.brand_id);
      const [passed] = await rows(
        em,
        `UPDATE giveaway_winners SET status = 'passed', decided_at = now() WHERE giveaway_id = $1 AND position = $2 AND kind = 'winner' AND status = 'pending' RETURNING position`,
        [id, position],
      );
      if (!passed) throw notFound();
      const [next] = await rows<{ position: number; user_id: number }>(
        em,
        `UPDATE giveaway_winners w SET kind = 'winner' FROM giveaway_entries e
          WHERE w.giveaway_id = $1 AND e.id = w.entry_id AND w.position = (
            SELECT min(position) FROM giveaway_winners WHERE giveaway_id = $1 AND kind = 'alternate' AND status = 'pending')
          RETURNING w.position, e.user_id`,
        [id],
      );
      if (!next) throw conflict('errors.engagement.no_alternate');
      await this.notifyWinner(em, g, next.user_id);
      await this.audit.record(em, { actorId: actor.id, action: 'giveaway.pass', targetType: 'giveaway', targetId: id, data: { from: position, to: next.position } });
      return this.toDto(em, g, actor);
    });
  }

  async proof(id: number): Promise<GiveawayProof> {
    const g = await this.find(this.db.ds, id);
    const entries = await rows<EntryRow>(this.db.ds, `SELECT seq, receipt, running_hash FROM giveaway_entries WHERE giveaway_id = $1 ORDER BY seq`, [id]);
    const drawn = await rows<{ receipt: string }>(
      this.db.ds,
      `SELECT e.receipt FROM giveaway_winners w JOIN giveaway_entries e ON e.id = w.entry_id WHERE w.giveaway_id = $1 ORDER BY w.position`,
      [id],
    );
    const closed = g.status === 'drawn' || Date.now() >= g.closes_at.getTime();
    return {
      algorithm: 'wala-giveaway-v1',
      giveawayId: g.id,
      seedHash: g.seed_hash,
      seed: g.status === 'drawn' ? g.seed : null,
      entries: entries.map((e) => ({ seq: e.seq, receipt: e.receipt, runningHash: e.running_hash })),
      listHash: closed ? g.head_hash : null,
      winnersCount: g.winners_count,
      alternatesCount: g.alternates_count,
      drawn: drawn.map((d) => d.receipt),
    };
  }

  async verification(id: number): Promise<GiveawayVerification> {
    return verifyGiveaway(await this.proof(id));
  }

  private async find(db: Queryable, id: number): Promise<GiveawayRow> {
    const g = await one<GiveawayRow>(db, `SELECT * FROM giveaways WHERE id = $1`, [id]);
    if (!g) throw notFound();
    return g;
  }

  private async notifyWinner(em: EntityManager, g: GiveawayRow, userId: number): Promise<void> {
    await this.notifications.notify(em, {
      userId,
      kind: 'giveaway_won',
      data: { giveawayId: g.id, title: g.title, titleAr: g.title_ar, prize: g.prize, prizeAr: g.prize_ar },
      dedupeKey: `giveaway-won:${g.id}`,
    });
  }

  private async toDto(db: Queryable, g: GiveawayRow, user: AuthUser | null): Promise<GiveawayDto> {
    const mine = user
      ? await rows<EntryRow>(db, `SELECT * FROM giveaway_entries WHERE giveaway_id = $1 AND user_id = $2 ORDER BY seq`, [g.id, user.id])
      : [];
    const winners = await rows<WinnerRow>(
      db,
      `SELECT w.position, w.kind, w.status, e.receipt, e.user_id, u.display_name
         FROM giveaway_winners w JOIN giveaway_entries e ON e.id = w.entry_id JOIN users u ON u.id = e.user_id
        WHERE w.giveaway_id = $1 ORDER BY w.position`,
      [g.id],
    );
    const manager = managesOrNull(user, g.brand_id);
    const closed = g.status === 'drawn' || Date.now() >= g.closes_at.getTime();
    return {
      id: g.id,
      brandId: g.brand_id,
      title: g.title,
      titleAr: g.title_ar,
      description: g.description,
      descriptionAr: g.description_ar,
      prize: g.prize,
      prizeAr: g.prize_ar,
      opensAt: g.opens_at.toISOString(),
      closesAt: g.closes_at.toISOString(),
      winnersCount: g.winners_count,
      alternatesCount: g.alternates_count,
      entryCostPoints: g.entry_cost_points,
      maxEntriesPerMember: g.max_entries_per_member,
      minTierRank: g.min_tier_rank,
      minPoints: g.min_points,
      seedHash: g.seed_hash,
      status: g.status === 'drawn' ? 'drawn' : g.cancelled_at ? 'cancelled' : closed ? 'closed' : 'open',
      listHash: closed ? g.head_hash : null,
      entries: g.entry_count,
      drawnAt: iso(g.drawn_at),
      createdAt: g.created_at.toISOString(),
      cancelledAt: iso(g.cancelled_at),
      cancelReason: g.cancel_reason,
      myEntries: mine.map(mapReceipt),
      winners: winners.map(
        (w): GiveawayWinnerDto => ({
          position: w.position,
          kind: w.kind,
          receipt: w.receipt,
          status: w.status,
          // member ids stay private: only the brand and the winner see who it is
          ...(manager || w.user_id === user?.id ? { userId: w.user_id, displayName: w.display_name } : {}),
        }),
      ),
    };
  }
}
