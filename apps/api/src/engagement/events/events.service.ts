import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { toCsv, type AttendeeDto, type CheckInCodeDto, type EventDto, type Page, type RsvpResultDto, type RsvpStatus } from '@wala/contract';
import { createEvent, type DateArray } from 'ics';
import { randomBytes } from 'node:crypto';
import { toString as qrToString } from 'qrcode';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { AuthUser } from '../../common/auth-context';
import { AppError, conflict, invalidFields, notFound } from '../../common/errors';
import { MemberStanding } from '../../common/member-standing';
import { decodeCursor, toPage } from '../../common/params';
import { RateLimitService } from '../../common/rate-limit.service';
import { Realtime } from '../../common/realtime';
import { one, rows, type Queryable } from '../../common/sql';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { Db } from '../../database/db.service';
import { PersonalData } from '../../identity/personal-data';
import { NotificationsService } from '../../notifications/notifications.service';
import { assertManages, iso, laterEnd, lockManaged, managesOrNull, markCancelled, textColumns, updateColumns } from '../engagement-common';
import { CODE_WINDOW_SECONDS, checkInCode, codeMatches, windowAt } from './check-in-code';
import type { CreateEventDto, UpdateEventDto } from './event.dto';

interface EventRow {
  id: number;
  brand_id: number | null;
  title: string;
  title_ar: string;
  description: string;
  description_ar: string;
  mode: EventDto['mode'];
  location: string;
  online_url: string | null;
  time_zone: string;
  starts_at: Date;
  ends_at: Date;
  capacity: number | null;
  going: number;
  early_tier_rank: number | null;
  rsvp_opens_at: Date;
  check_in_opens_at: Date;
  check_in_closes_at: Date;
  check_in_points: number;
  secret: string;
  created_at: Date;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  waitlist?: number;
}

/** which events a list holds (`GET /events?when=`) */
export const EVENT_LIST_WHEN = ['upcoming', 'past', 'all'] as const;
export type EventListWhen = (typeof EVENT_LIST_WHEN)[number];

const SELECT = `SELECT e.*, (SELECT count(*)::int FROM event_rsvps r WHERE r.event_id = e.id AND r.status = 'waitlist') AS waitlist FROM brand_events e`;

function mapEvent(e: EventRow, me: { status: RsvpStatus | null; checkedIn: boolean }): EventDto {
  return {
    id: e.id,
    brandId: e.brand_id,
    title: e.title,
    titleAr: e.title_ar,
    description: e.description,
    descriptionAr: e.description_ar,
    mode: e.mode,
    location: e.location,
    onlineUrl: e.online_url,
    timeZone: e.time_zone,
    startsAt: e.starts_at.toISOString(),
    endsAt: e.ends_at.toISOString(),
    capacity: e.capacity,
    going: e.going,
    waitlist: e.waitlist ?? 0,
    earlyTierRank: e.early_tier_rank,
    rsvpOpensAt: e.rsvp_opens_at.toISOString(),
    checkInOpensAt: e.check_in_opens_at.toISOString(),
    checkInClosesAt: e.check_in_closes_at.toISOString(),
    checkInPoints: e.check_in_points,
    createdAt: e.created_at.toISOString(),
    cancelledAt: iso(e.cancelled_at),
    cancelReason: e.cancel_reason,
    myRsvp: me.status,
    checkedIn: me.checkedIn,
  };
}

const utcArray = (d: Date): DateArray => [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];

@Injectable()
export class EventsService implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly standing: MemberStanding,
    private readonly realtime: Realtime,
    private readonly notifications: NotificationsService,
    private readonly limits: RateLimitService,
    private readonly personalData: PersonalData,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.personalData.register({
      section: 'events',
      collect: (em, userId) =>
        rows(
          em,
          `SELECT r.event_id, r.status, r.created_at, c.created_at AS checked_in_at FROM event_rsvps r
             LEFT JOIN event_check_ins c ON c.event_id = r.event_id AND c.user_id = r.user_id WHERE r.user_id = $1 ORDER BY r.event_id`,
          [userId],
        ),
    });
  }

  async create(actor: AuthUser, dto: CreateEventDto): Promise<EventDto> {
    const brandId = dto.brandId ?? null;
    assertManages(actor, brandId);
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    const problems: { field: string; code: string }[] = [];
    if (endsAt <= startsAt) problems.push({ field: 'endsAt', code: 'default' });
    if (dto.mode === 'online' && !dto.onlineUrl) problems.push({ field: 'onlineUrl', code: 'isDefined' });
    if (dto.mode === 'in_person' && !dto.location) problems.push({ field: 'location', code: 'isDefined' });
    if (problems.length) throw invalidFields(problems);
    const checkInOpensAt = new Date(startsAt.getTime() - (dto.checkInMinutesBefore ?? 30) * 60_000);
    return this.db.tx(async (em) => {
      if (brandId !== null && !(await one(em, `SELECT 1 FROM brands WHERE id = $1`, [brandId]))) throw notFound();
      const [e] = await rows<EventRow>(
        em,
        `INSERT INTO brand_events (brand_id, title, title_ar, description, description_ar, mode, location, online_url, time_zone,
                                   starts_at, ends_at, capacity, early_tier_rank, rsvp_opens_at, check_in_opens_at, check_in_closes_at,
                                   check_in_points, secret, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, COALESCE($14, now()), $15, $16, $17, $18, $19) RETURNING *`,
        [
          brandId,
          dto.title,
          dto.titleAr,
          dto.description ?? '',
          dto.descriptionAr ?? '',
          dto.mode,
          dto.location ?? '',
          dto.onlineUrl ?? null,
          dto.timeZone,
          startsAt,
          endsAt,
          dto.capacity ?? null,
          dto.earlyTierRank ?? null,
          dto.rsvpOpensAt ? new Date(dto.rsvpOpensAt) : null,
          checkInOpensAt,
          endsAt,
          dto.checkInPoints ?? 0,
          randomBytes(32).toString('hex'),
          actor.id,
        ],
      );
      // chat opens the event's channel from this
      await this.db.publish(em, 'event.created', { eventId: e.id, brandId, title: e.title, titleAr: e.title_ar });
      await this.audit.record(em, { actorId: actor.id, action: 'event.create', targetType: 'event', targetId: e.id, data: { brandId } });
      return mapEvent({ ...e, waitlist: 0 }, { status: null, checkedIn: false });
    });
  }

  /**
   * The edits that stay fair once members RSVP'd: the texts, a later end (check-in then closes at
   * the new end if it closed at the old one) and a capacity not below the members already going;
   * a raised capacity seats the waitlist at once.
   */
  async update(actor: AuthUser, id: number, dto: UpdateEventDto): Promise<EventDto> {
    await this.db.tx(async (em) => {
      const e = await lockManaged<EventRow>(em, 'brand_events', actor, id);
      const endsAt = laterEnd('endsAt', e.ends_at, dto.endsAt);
      if (endsAt && Date.now() >= e.ends_at.getTime()) throw conflict('errors.engagement.ended');
      if (dto.capacity !== undefined && dto.capacity < e.going) throw conflict('errors.engagement.capacity_below_going', { going: e.going });
      const closesWithEnd = e.check_in_closes_at.getTime() === e.ends_at.getTime();
      const updated = await updateColumns<EventRow>(em, 'brand_events', id, {
        ...textColumns(dto),
        ends_at: endsAt,
        check_in_closes_at: endsAt && closesWithEnd ? endsAt : undefined,
        capacity: dto.capacity,
      });
      if (dto.capacity !== undefined) await this.promote(em, updated);
      await this.audit.record(em, { actorId: actor.id, action: 'event.update', targetType: 'event', targetId: id, data: { fields: Object.keys(dto) } });
    });
    return this.get(actor, id);
  }

  /** Cancels an upcoming event: RSVPs and check-ins are refused from now on, and everyone who RSVP'd is told. */
  async cancel(actor: AuthUser, id: number, reason: string): Promise<EventDto> {
    await this.db.tx(async (em) => {
      const e = await lockManaged<EventRow>(em, 'brand_events', actor, id);
      if (Date.now() >= e.ends_at.getTime()) throw conflict('errors.engagement.ended');
      await markCancelled(em, this.audit, 'brand_events', 'event', actor, id, reason);
      const told = await rows<{ user_id: number }>(em, `SELECT user_id FROM event_rsvps WHERE event_id = $1 AND status IN ('going', 'maybe', 'waitlist')`, [id]);
      for (const r of told) {
        await this.notifications.notify(em, {
          userId: r.user_id,
          kind: 'event_cancelled',
          data: { eventId: id, title: e.title, titleAr: e.title_ar, reason },
          dedupeKey: `event-cancelled:${id}`,
        });
      }
    });
    return this.get(actor, id);
  }

  /**
   * Events by `when`: upcoming (not ended yet) soonest first, past (ended) latest first, or all
   * earliest first; keyset pages on (starts_at, id) in the order of the list.
   */
  async list(user: AuthUser | null, q: { cursor?: string; limit: number; brandId?: number; when: EventListWhen }): Promise<Page<EventDto>> {
    const cur = decodeCursor(q.cursor, ['string', 'number']);
    const [order, after] = q.when === 'past' ? ['DESC', '<'] : ['ASC', '>'];
    const found = await rows<EventRow>(
      this.db.ds,
      `${SELECT} WHERE ($1::bigint IS NULL OR e.brand_id = $1)
          AND CASE $2::text WHEN 'upcoming' THEN e.ends_at > now() WHEN 'past' THEN e.ends_at <= now() ELSE true END
          AND ($3::timestamptz IS NULL OR (e.starts_at, e.id) ${after} ($3::timestamptz, $4::bigint))
        ORDER BY e.starts_at ${order}, e.id ${order} LIMIT $5`,
      [q.brandId ?? null, q.when, cur?.[0] ?? null, cur?.[1] ?? null, q.limit + 1],
    );
    const mine = await this.mine(this.db.ds, user, found.map((e) => e.id));
    return toPage(found, q.limit, (e) => mapEvent(e, mine.get(e.id) ?? { status: null, checkedIn: false }), (e) => [e.starts_at.toISOString(), e.id]);
  }

  async get(user: AuthUser | null, id: number): Promise<EventDto> {
    // with the chat channel the chat module opens for every event (on event.created): the page links to it
    const e = await one<EventRow & { chat_channel_id: number | null }>(
      this.db.ds,
      `SELECT d.*, (SELECT c.id FROM chat_channels c WHERE c.event_id = d.id AND c.archived_at IS NULL) AS chat_channel_id
         FROM (${SELECT} WHERE e.id = $1) d`,
      [id],
    );
    if (!e) throw notFound();
    return {
      ...mapEvent(e, (await this.mine(this.db.ds, user, [id])).get(id) ?? { status: null, checkedIn: false }),
      chatChannelId: e.chat_channel_id === null ? null : Number(e.chat_channel_id),
    };
  }

  private async mine(db: Queryable, user: AuthUser | null, ids: number[]) {
    const out = new Map<number, { status: RsvpStatus | null; checkedIn: boolean }>();
    if (!user || !ids.length) return out;
    const found = await rows<{ event_id: number; status: RsvpStatus; checked: boolean }>(
      db,
      `SELECT r.event_id, r.status, EXISTS (SELECT 1 FROM event_check_ins c WHERE c.event_id = r.event_id AND c.user_id = r.user_id) AS checked
         FROM event_rsvps r WHERE r.user_id = $1 AND r.event_id = ANY($2::bigint[])`,
      [user.id, ids],
    );
    for (const r of found) out.set(r.event_id, { status: r.status, checkedIn: r.checked });
    return out;
  }

  /**
   * RSVP. A seat is taken by a conditional update (`going < capacity`), so concurrent RSVPs never
   * overfill; without a seat the member waits in line, and a freed seat goes to the first in line.
   */
  async rsvp(user: AuthUser, id: number, wanted: 'going' | 'maybe' | 'not_going'): Promise<RsvpResultDto> {
    return this.db.tx(async (em) => {
      // KEY SHARE: RSVPs run side by side, but not past a cancel (which locks the row FOR UPDATE)
      const e = await one<EventRow>(em, `SELECT * FROM brand_events WHERE id = $1 FOR KEY SHARE`, [id]);
      if (!e) throw notFound();
      if (e.cancelled_at) throw conflict('errors.engagement.cancelled');
      if (Date.now() >= e.ends_at.getTime()) throw new AppError(409, 'errors.engagement.ended');
      if (Date.now() < e.rsvp_opens_at.getTime()) {
        const early = e.early_tier_rank !== null && (await this.standing.tierRank(em, user.id)) >= e.early_tier_rank;
        if (!early) throw new AppError(409, 'errors.engagement.rsvp_not_open', { at: e.rsvp_opens_at.toISOString() });
      }
      await em.query(`INSERT INTO event_rsvps (event_id, user_id, status) VALUES ($1, $2, 'not_going') ON CONFLICT DO NOTHING`, [id, user.id]);
      const [prev] = await rows<{ status: RsvpStatus }>(em, `SELECT status FROM event_rsvps WHERE event_id = $1 AND user_id = $2 FOR UPDATE`, [
        id,
        user.id,
      ]);
      let status: RsvpStatus = wanted;
      if (wanted === 'going') {
        if (prev.status === 'going' || prev.status === 'waitlist') status = prev.status;
        else {
          const seat = await rows(
            em,
            `UPDATE brand_events SET going = going + 1 WHERE id = $1 AND (capacity IS NULL OR going < capacity) RETURNING going`,
            [id],
          );
          status = seat.length ? 'going' : 'waitlist';
        }
      }
      if (status !== prev.status) {
        await em.query(
          `UPDATE event_rsvps SET status = $3::varchar, updated_at = now(),
                  waitlisted_at = CASE WHEN $3::varchar = 'waitlist' THEN clock_timestamp() ELSE NULL END
            WHERE event_id = $1 AND user_id = $2`,
          [id, user.id, status],
        );
        await this.db.publish(em, 'event.rsvped', { eventId: id, userId: user.id, status });
        if (prev.status === 'going') {
          await em.query(`UPDATE brand_events SET going = going - 1 WHERE id = $1`, [id]);
          await this.promote(em, e);
        }
      }
      return { status, waitlistPosition: status === 'waitlist' ? await this.position(em, id, user.id) : null };
    });
  }

  private async position(em: EntityManager, eventId: number, userId: number): Promise<number> {
    const [r] = await rows<{ n: number }>(
      em,
      `SELECT count(*)::int AS n FROM event_rsvps w, event_rsvps me
        WHERE me.event_id = $1 AND me.user_id = $2 AND w.event_id = $1 AND w.status = 'waitlist'
          AND (w.waitlisted_at, w.user_id) <= (me.waitlisted_at, me.user_id)`,
      [eventId, userId],
    );
    return r.n;
  }

  /** Gives free seats to the waitlist, first come first served. */
  private async promote(em: EntityManager, e: EventRow): Promise<void> {
    for (;;) {
      const [next] = await rows<{ user_id: number }>(
        em,
        `SELECT user_id FROM event_rsvps WHERE event_id = $1 AND status = 'waitlist' ORDER BY waitlisted_at, user_id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [e.id],
      );
      if (!next) return;
      const seat = await rows(em, `UPDATE brand_events SET going = going + 1 WHERE id = $1 AND (capacity IS NULL OR going < capacity) RETURNING going`, [e.id]);
      if (!seat.length) return;
      await em.query(`UPDATE event_rsvps SET status = 'going', waitlisted_at = NULL, updated_at = now() WHERE event_id = $1 AND user_id = $2`, [
        e.id,
        next.user_id,
      ]);
      await this.db.publish(em, 'event.rsvped', { eventId: e.id, userId: next.user_id, status: 'going' });
      await this.notifications.notify(em, {
        userId: next.user_id,
        kind: 'event_promoted',
        data: { eventId: e.id, title: e.title, titleAr: e.title_ar },
        dedupeKey: `event-promoted:${e.id}:${Date.now()}`,
      });
      this.db.afterCommit(em, () => this.realtime.toUser(next.user_id, 'event:promoted', { eventId: e.id }));
    }
  }

  async ics(id: number): Promise<string> {
    const e = await one<EventRow>(this.db.ds, `SELECT * FROM brand_events WHERE id = $1`, [id]);
    if (!e) throw notFound();
    const url = `${this.config.publicUrl}/events/${e.id}`;
    const { error, value } = createEvent({
      uid: `event-${e.id}@wala`,
      title: e.title,
      description: `${e.description}\n\n${e.title_ar}\n${e.description_ar}`.trim(),
      location: e.mode === 'online' ? (e.online_url ?? '') : e.location,
      url,
      start: utcArray(e.starts_at),
      startInputType: 'utc',
      startOutputType: 'utc',
      end: utcArray(e.ends_at),
      endInputType: 'utc',
      endOutputType: 'utc',
      productId: 'wala/events',
    });
    if (error || !value) throw new AppError(500, 'errors.internal');
    return value;
  }

  async currentCode(actor: AuthUser, id: number): Promise<CheckInCodeDto> {
    const e = await one<EventRow>(this.db.ds, `SELECT * FROM brand_events WHERE id = $1`, [id]);
    if (!e) throw notFound();
    assertManages(actor, e.brand_id);
    const now = Date.now();
    const w = windowAt(now);
    const code = checkInCode(e.secret, e.id, w);
    const link = `${this.config.publicUrl}/events/${e.id}?code=${code}`;
    return {
      code,
      expiresAt: new Date((w + 1) * CODE_WINDOW_SECONDS * 1000).toISOString(),
      qrSvg: await qrToString(link, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }),
    };
  }

  /** Check-in: RSVP'd members, in the window, with the current code, once; loyalty awards the points. */
  async checkIn(user: AuthUser, id: number, code: string): Promise<{ checkedIn: true; points: number }> {
    // six digits are guessable by brute force, so attempts are limited per member and event
    await this.limits.consume('event-check-in', `${id}:${user.id}`, { points: 10, duration: 10 * 60 });
    return this.db.tx(async (em) => {
      const e = await one<EventRow>(em, `SELECT * FROM brand_events WHERE id = $1 FOR KEY SHARE`, [id]);
      if (!e) throw notFound();
      if (e.cancelled_at) throw conflict('errors.engagement.cancelled');
      const now = Date.now();
      if (now < e.check_in_opens_at.getTime() || now > e.check_in_closes_at.getTime()) throw conflict('errors.engagement.checkin_closed');
      const r = await one<{ status: RsvpStatus }>(em, `SELECT status FROM event_rsvps WHERE event_id = $1 AND user_id = $2`, [id, user.id]);
      if (!r || (r.status !== 'going' && r.status !== 'maybe')) throw new AppError(403, 'errors.engagement.checkin_no_rsvp');
      if (!codeMatches(e.secret, e.id, code, now)) throw new AppError(400, 'errors.engagement.checkin_bad_code');
      const [c] = await rows<{ id: number }>(
        em,
        `INSERT INTO event_check_ins (event_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id`,
        [id, user.id],
      );
      if (!c) throw conflict('errors.engagement.already_checked_in');
      await this.db.publish(em, 'event.checked_in', { eventId: id, userId: user.id, brandId: e.brand_id, checkInId: c.id, points: e.check_in_points });
      return { checkedIn: true, points: e.check_in_points };
    });
  }

  async attendees(actor: AuthUser, id: number, q: { cursor?: string; limit: number }): Promise<Page<AttendeeDto>> {
    await this.owned(actor, id);
    const cur = decodeCursor(q.cursor, ['number']);
    const found = await this.attendeeRows(id, cur?.[0] as number | undefined, q.limit + 1);
    return toPage(found, q.limit, (a) => a, (a) => [a.userId]);
  }

  async attendeesCsv(actor: AuthUser, id: number): Promise<string> {
    await this.owned(actor, id);
    const lines: (string | number | null)[][] = [['user_id', 'display_name', 'status', 'rsvp_at', 'checked_in_at']];
    let after: number | undefined;
    for (;;) {
      const batch = await this.attendeeRows(id, after, 1000);
      for (const a of batch) lines.push([a.userId, a.displayName, a.status, a.rsvpAt, a.checkedInAt]);
      if (batch.length < 1000) break;
      after = batch[batch.length - 1].userId;
    }
    return toCsv(lines, { bom: true });
  }

  private async owned(actor: AuthUser, id: number): Promise<EventRow> {
    const e = await one<EventRow>(this.db.ds, `SELECT * FROM brand_events WHERE id = $1`, [id]);
    if (!e || !managesOrNull(actor, e.brand_id)) throw notFound();
    return e;
  }

  private async attendeeRows(id: number, after: number | undefined, limit: number): Promise<AttendeeDto[]> {
    const found = await rows<{ user_id: number; display_name: string; status: RsvpStatus; updated_at: Date; checked_in_at: Date | null }>(
      this.db.ds,
      `SELECT r.user_id, u.display_name, r.status, r.updated_at, c.created_at AS checked_in_at
         FROM event_rsvps r JOIN users u ON u.id = r.user_id
         LEFT JOIN event_check_ins c ON c.event_id = r.event_id AND c.user_id = r.user_id
        WHERE r.event_id = $1 AND ($2::bigint IS NULL OR r.user_id > $2) ORDER BY r.user_id LIMIT $3`,
      [id, after ?? null, limit],
    );
    return found.map((r) => ({
      userId: r.user_id,
      displayName: r.display_name,
      status: r.status,
      rsvpAt: r.updated_at.toISOString(),
      checkedInAt: iso(r.checked_in_at),
    }));
  }
}
