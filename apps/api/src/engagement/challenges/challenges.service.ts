import { Injectable, type OnModuleInit } from '@nestjs/common';
import type {
  ChallengeAction,
  ChallengeDto,
  ChallengeProgressDto,
  ChallengeStepDto,
  ChallengeSubmissionDto,
  LeaderboardEntryDto,
  Page,
  QuizKeyDto,
  QuizResultDto,
} from '@wala/contract';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { AuthUser } from '../../common/auth-context';
import { contentRemoved, type ContentChange } from '../../common/content-state';
import { AppError, conflict, invalidFields, notFound } from '../../common/errors';
import { MemberStanding } from '../../common/member-standing';
import { decodeCursor, toPage } from '../../common/params';
import { Realtime } from '../../common/realtime';
import { one, rows, type Queryable } from '../../common/sql';
import { Db } from '../../database/db.service';
import { EventBus } from '../../events/event-bus.service';
import { PersonalData } from '../../identity/personal-data';
import { NotificationsService } from '../../notifications/notifications.service';
import { assertEligible, assertManages, iso, laterEnd, lockManaged, markCancelled, textColumns, updateColumns } from '../engagement-common';
import type { CreateChallengeDto, QuizAnswersDto, QuizQuestionInput, ReviewDto, SubmissionDto, UpdateChallengeDto } from './challenge.dto';

interface StoredQuestion {
  prompt: string;
  promptAr: string;
  options: string[];
  optionsAr: string[];
  correct: number;
}

export interface ChallengeRow {
  id: number;
  brand_id: number | null;
  title: string;
  title_ar: string;
  description: string;
  description_ar: string;
  kind: ChallengeDto['kind'];
  scope: ChallengeDto['scope'];
  steps: ChallengeStepDto[];
  streak_days: number | null;
  community_target: number | null;
  community_progress: number;
  community_reached_at: Date | null;
  quiz: StoredQuestion[] | null;
  max_attempts: number | null;
  pass_score: number | null;
  points: number;
  badge_id: number | null;
  pledge_campaign_id: number | null;
  min_tier_rank: number;
  min_member_days: number;
  starts_at: Date;
  ends_at: Date;
  created_at: Date;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  participants?: number;
  completions?: number;
}

/** Content whose removal takes it out of challenge progress again: a forum post, a chat message. */
interface Removable {
  kind: 'post' | 'chat';
  id: number;
}
const keyOf = (c: Removable) => `${c.kind}:${c.id}`;

interface ParticipantRow {
  progress: number[];
  total: number;
  last_day: string | null;
  attempts: number;
  completed_at: Date | null;
}

/** What an action event tells a challenge: who did what, where. */
interface ActionFact {
  action: ChallengeAction;
  userId: number;
  /** unique per occurrence: the same fact is counted once */
  key: string;
  /** the content it is (its key is `kind:id`): it stops counting while removed */
  content?: Removable;
  categoryId?: number | null;
  tags?: string[];
}

const SELECT = `SELECT c.*,
  (SELECT count(*)::int FROM challenge_participants p WHERE p.challenge_id = c.id) AS participants,
  (SELECT count(*)::int FROM challenge_completions x WHERE x.challenge_id = c.id) AS completions
  FROM challenges c`;

const stepMatches = (s: ChallengeStepDto, f: ActionFact) =>
  s.action === f.action && (s.categoryId == null || s.categoryId === f.categoryId) && (s.tag == null || (f.tags ?? []).includes(s.tag));

function mapChallenge(c: ChallengeRow, me: ChallengeProgressDto | null): ChallengeDto {
  return {
    id: c.id,
    brandId: c.brand_id,
    title: c.title,
    titleAr: c.title_ar,
    description: c.description,
    descriptionAr: c.description_ar,
    kind: c.kind,
    scope: c.scope,
    steps: c.steps,
    streakDays: c.streak_days,
    communityTarget: c.community_target,
    communityProgress: c.community_progress,
    // the correct answers never leave the server
    quiz: c.quiz ? c.quiz.map((q) => ({ prompt: q.prompt, promptAr: q.promptAr, options: q.options, optionsAr: q.optionsAr })) : null,
    maxAttempts: c.max_attempts,
    passScore: c.pass_score,
    points: c.points,
    badgeId: c.badge_id,
    pledgeCampaignId: c.pledge_campaign_id,
    minTierRank: c.min_tier_rank,
    minMemberDays: c.min_member_days,
    startsAt: c.starts_at.toISOString(),
    endsAt: c.ends_at.toISOString(),
    participants: c.participants ?? 0,
    completions: c.completions ?? 0,
    createdAt: c.created_at.toISOString(),
    cancelledAt: iso(c.cancelled_at),
    cancelReason: c.cancel_reason,
    me,
  };
}

/** What is wrong with quiz questions and a pass score (both languages alike, the correct choice among them). */
function quizProblems(quiz: QuizQuestionInput[] | undefined, passScore: number | undefined): { field: string; code: string }[] {
  const problems: { field: string; code: string }[] = [];
  if (!quiz?.length) problems.push({ field: 'quiz', code: 'isDefined' });
  (quiz ?? []).forEach((q, i) => {
    if (q.options.length !== q.optionsAr.length || q.correct >= q.options.length) problems.push({ field: `quiz.${i}.correct`, code: 'default' });
  });
  if (passScore && passScore > (quiz?.length ?? 0)) problems.push({ field: 'passScore', code: 'default' });
  return problems;
}

/** The questions as stored (only the fields the API took). */
const storedQuiz = (quiz: QuizQuestionInput[]): StoredQuestion[] =>
  quiz.map((q) => ({ prompt: q.prompt, promptAr: q.promptAr, options: q.options, optionsAr: q.optionsAr, correct: q.correct }));

/** The day (UTC) an activity happened, for streaks. */
const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const dayBefore = (day: string) => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000));

@Injectable()
export class ChallengesService implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly audit: AuditService,
    private readonly standing: MemberStanding,
    private readonly realtime: Realtime,
    private readonly notifications: NotificationsService,
    private readonly personalData: PersonalData,
  ) {}

  onModuleInit(): void {
    this.bus.on('post.created', 'engagement:challenges', (em, e) =>
      this.count(em, { action: 'post.created', userId: e.authorId, key: `post:${e.postId}`, content: { kind: 'post', id: e.postId }, categoryId: e.categoryId, tags: e.tags }),
    );
    this.bus.on('reaction.added', 'engagement:challenges', (em, e) =>
      this.count(em, { action: 'reaction.added', userId: e.reactorId, key: `reaction:${e.postId}:${e.reaction}`, categoryId: e.categoryId }),
    );
    this.bus.on('chat.message_sent', 'engagement:challenges', (em, e) =>
      this.count(em, { action: 'chat.message_sent', userId: e.authorId, key: `chat:${e.messageId}`, content: { kind: 'chat', id: e.messageId } }),
    );
    this.bus.on('post.removed', 'engagement:challenges', (em, e, m) => this.contentChanged(em, { kind: 'post', id: e.postId }, { removed: true, eventId: m.eventId }));
    this.bus.on('post.restored', 'engagement:challenges', (em, e, m) => this.contentChanged(em, { kind: 'post', id: e.postId }, { removed: false, eventId: m.eventId }));
    this.bus.on('chat.message_deleted', 'engagement:challenges', (em, e, m) =>
      this.contentChanged(em, { kind: 'chat', id: e.messageId }, { removed: true, eventId: m.eventId }),
    );
    this.bus.on('event.checked_in', 'engagement:challenges', (em, e) =>
      this.count(em, { action: 'event.checked_in', userId: e.userId, key: `checkin:${e.checkInId}` }),
    );
    this.bus.on('survey.answered', 'engagement:challenges', (em, e) =>
      this.count(em, { action: 'survey.answered', userId: e.userId, key: `survey:${e.participationId}` }),
    );
    this.personalData.register({
      section: 'challenges',
      collect: (em, userId) =>
        rows(
          em,
          `SELECT p.challenge_id, p.progress, p.total, p.attempts, p.joined_at, p.completed_at FROM challenge_participants p WHERE p.user_id = $1 ORDER BY p.challenge_id`,
          [userId],
        ),
      erase: async (em, userId) => {
        await em.query(`DELETE FROM challenge_submissions WHERE user_id = $1`, [userId]);
        await em.query(`DELETE FROM challenge_counted_events WHERE user_id = $1`, [userId]);
      },
    });
  }

  // ----------------------------------------------------------------------------- brand side

  async create(actor: AuthUser, dto: CreateChallengeDto): Promise<ChallengeDto> {
    const brandId = dto.brandId ?? null;
    assertManages(actor, brandId);
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    const scope = dto.scope ?? 'individual';
    const problems: { field: string; code: string }[] = [];
    if (endsAt <= startsAt) problems.push({ field: 'endsAt', code: 'default' });
    const needsSteps = dto.kind === 'action' || dto.kind === 'steps' || dto.kind === 'streak';
    if (needsSteps && !dto.steps?.length) problems.push({ field: 'steps', code: 'isDefined' });
    if ((dto.kind === 'action' || dto.kind === 'streak') && (dto.steps?.length ?? 0) > 1) problems.push({ field: 'steps', code: 'default' });
    if (dto.kind === 'streak' && !dto.streakDays) problems.push({ field: 'streakDays', code: 'isDefined' });
    if (dto.kind === 'quiz') problems.push(...quizProblems(dto.quiz, dto.passScore));
    if (scope === 'community' && (dto.kind !== 'action' || !dto.communityTarget)) problems.push({ field: 'communityTarget', code: 'isDefined' });
    if (problems.length) throw invalidFields(problems);

    return this.db.tx(async (em) => {
      if (brandId !== null && !(await one(em, `SELECT 1 FROM brands WHERE id = $1`, [brandId]))) throw notFound();
      const [c] = await rows<ChallengeRow>(
        em,
        `INSERT INTO challenges (brand_id, title, title_ar, description, description_ar, kind, scope, steps, streak_days, community_target,
                                 quiz, max_attempts, pass_score, points, badge_id, pledge_campaign_id, min_tier_rank, min_member_days,
                                 starts_at, ends_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) RETURNING *`,
        [
          brandId,
          dto.title,
          dto.titleAr,
          dto.description ?? '',
          dto.descriptionAr ?? '',
          dto.kind,
          scope,
          JSON.stringify(needsSteps ? dto.steps!.map((s) => ({ action: s.action, count: s.count, categoryId: s.categoryId ?? null, tag: s.tag ?? null })) : []),
          dto.kind === 'streak' ? dto.streakDays : null,
          scope === 'community' ? dto.communityTarget : null,
          dto.kind === 'quiz' ? JSON.stringify(storedQuiz(dto.quiz!)) : null,
          dto.kind === 'quiz' ? (dto.maxAttempts ?? 3) : null,
          dto.kind === 'quiz' ? (dto.passScore ?? dto.quiz!.length) : null,
          dto.points ?? 0,
          dto.badgeId ?? null,
          dto.pledgeCampaignId ?? null,
          dto.minTierRank ?? 0,
          dto.minMemberDays ?? 0,
          startsAt,
          endsAt,
          actor.id,
        ],
      );
      await this.db.publish(em, 'challenge.created', { challengeId: c.id, brandId, title: c.title });
      await this.audit.record(em, { actorId: actor.id, action: 'challenge.create', targetType: 'challenge', targetId: c.id, data: { brandId } });
      return mapChallenge(c, null);
    });
  }

  /**
   * The edits that stay fair once members took part: the texts and a later end. Steps, points and
   * gates are not editable (members are measured against them); a quiz's questions, attempts and
   * pass score are, until a member first answers it (answering locks the row FOR KEY SHARE, this
   * FOR UPDATE: an attempt and an edit never interleave).
   */
  async update(actor: AuthUser, id: number, dto: UpdateChallengeDto): Promise<ChallengeDto> {
    await this.db.tx(async (em) => {
      const c = await lockManaged<ChallengeRow>(em, 'challenges', actor, id);
      const endsAt = laterEnd('endsAt', c.ends_at, dto.endsAt);
      if (endsAt && Date.now() >= c.ends_at.getTime()) throw conflict('errors.engagement.ended');
      const quiz = await this.quizEdit(em, c, dto);
      await updateColumns(em, 'challenges', id, { ...textColumns(dto), ends_at: endsAt, ...quiz });
      await this.audit.record(em, { actorId: actor.id, action: 'challenge.update', targetType: 'challenge', targetId: id, data: { fields: Object.keys(dto) } });
    });
    return this.get(actor, id);
  }

  /** The quiz columns of an edit (none when it changes no quiz field); refused once a member answered. */
  private async quizEdit(em: EntityManager, c: ChallengeRow, dto: UpdateChallengeDto): Promise<Record<string, unknown>> {
    if (dto.quiz === undefined && dto.maxAttempts === undefined && dto.passScore === undefined) return {};
    if (c.kind !== 'quiz' || !c.quiz) throw invalidFields([{ field: 'quiz', code: 'default' }]);
    const quiz = dto.quiz ?? c.quiz;
    const problems = quizProblems(quiz, dto.passScore);
    if (problems.length) throw invalidFields(problems);
    if (await one(em, `SELECT 1 FROM challenge_participants WHERE challenge_id = $1 AND attempts > 0 LIMIT 1`, [c.id])) throw conflict('errors.engagement.quiz_attempted');
    return {
      quiz: dto.quiz ? JSON.stringify(storedQuiz(dto.quiz)) : undefined,
      max_attempts: dto.maxAttempts,
      pass_score: dto.passScore ?? (dto.quiz ? Math.min(c.pass_score ?? quiz.length, quiz.length) : undefined),
    };
  }

  /** The brand's view of a quiz, correct choices included (members never get these). */
  async quizKey(actor: AuthUser, id: number): Promise<QuizKeyDto> {
    const c = await one<ChallengeRow & { attempted: boolean }>(
      this.db.ds,
      `SELECT c.*, EXISTS (SELECT 1 FROM challenge_participants p WHERE p.challenge_id = c.id AND p.attempts > 0) AS attempted FROM challenges c WHERE c.id = $1`,
      [id],
    );
    if (!c) throw notFound();
    assertManages(actor, c.brand_id);
    if (c.kind !== 'quiz' || !c.quiz) throw notFound();
    return { questions: storedQuiz(c.quiz), maxAttempts: c.max_attempts ?? 1, passScore: c.pass_score ?? c.quiz.length, attempted: c.attempted };
  }

  /** Cancels: from now on nothing counts, nobody joins or completes, and pending submissions cannot be approved. */
  async cancel(actor: AuthUser, id: number, reason: string): Promise<ChallengeDto> {
    await this.db.tx(async (em) => {
      await lockManaged<ChallengeRow>(em, 'challenges', actor, id);
      await markCancelled(em, this.audit, 'challenges', 'challenge', actor, id, reason);
    });
    return this.get(actor, id);
  }

  async submissions(actor: AuthUser, challengeId: number, q: { cursor?: string; limit: number; status?: string }): Promise<Page<ChallengeSubmissionDto>> {
    const c = await this.find(this.db.ds, challengeId);
    assertManages(actor, c.brand_id);
    const cur = decodeCursor(q.cursor, ['number']);
    const found = await rows<SubmissionRow>(
      this.db.ds,
      `SELECT s.*, u.display_name FROM challenge_submissions s JOIN users u ON u.id = s.user_id
        WHERE s.challenge_id = $1 AND ($2::text IS NULL OR s.status = $2) AND ($3::bigint IS NULL OR s.id > $3)
        ORDER BY s.id LIMIT $4`,
      [challengeId, q.status ?? null, cur?.[0] ?? null, q.limit + 1],
    );
    return toPage(found, q.limit, mapSubmission, (r) => [r.id]);
  }

  async review(actor: AuthUser, submissionId: number, dto: ReviewDto): Promise<ChallengeSubmissionDto> {
    if (!dto.approve && !dto.reason) throw invalidFields([{ field: 'reason', code: 'isDefined' }]);
    return this.db.tx(async (em) => {
      const s0 = await one<SubmissionRow & { brand_id: number | null; cancelled_at: Date | null }>(
        em,
        `SELECT s.*, c.brand_id, c.cancelled_at FROM challenge_submissions s JOIN challenges c ON c.id = s.challenge_id WHERE s.id = $1 FOR KEY SHARE OF c`,
        [submissionId],
      );
      if (!s0) throw notFound();
      assertManages(actor, s0.brand_id);
      if (s0.cancelled_at) throw conflict('errors.engagement.cancelled');
      const [s] = await rows<SubmissionRow>(
        em,
        `UPDATE challenge_submissions SET status = $2, reason = $3, reviewed_by = $4, reviewed_at = now()
          WHERE id = $1 AND status = 'pending' RETURNING *`,
        [submissionId, dto.approve ? 'approved' : 'rejected', dto.reason ?? null, actor.id],
      );
      if (!s) throw conflict('errors.engagement.already_reviewed');
      const c = await this.find(em, s.challenge_id);
      if (dto.approve) await this.complete(em, c, s.user_id);
      else
        await this.notifications.notify(em, {
          userId: s.user_id,
          kind: 'challenge_rejected',
          data: { challengeId: c.id, title: c.title, titleAr: c.title_ar, reason: dto.reason },
          dedupeKey: `challenge-rejected:${s.id}`,
        });
      await this.audit.record(em, {
        actorId: actor.id,
        action: dto.approve ? 'challenge.submission_approve' : 'challenge.submission_reject',
        targetType: 'challenge_submission',
        targetId: s.id,
        reason: dto.reason,
      });
      const u = await one<{ display_name: string }>(em, `SELECT display_name FROM users WHERE id = $1`, [s.user_id]);
      return mapSubmission({ ...s, display_name: u?.display_name ?? '' });
    });
  }

  // ----------------------------------------------------------------------------- member side

  async list(user: AuthUser | null, q: { cursor?: string; limit: number; brandId?: number; active: boolean }): Promise<Page<ChallengeDto>> {
    const cur = decodeCursor(q.cursor, ['number']);
    const found = await rows<ChallengeRow>(
      this.db.ds,
      `${SELECT} WHERE ($1::bigint IS NULL OR c.brand_id = $1) AND (NOT $2 OR c.ends_at > now()) AND ($3::bigint IS NULL OR c.id < $3)
        ORDER BY c.id DESC LIMIT $4`,
      [q.brandId ?? null, q.active, cur?.[0] ?? null, q.limit + 1],
    );
    const mine = user ? await this.progressOf(this.db.ds, user.id, found.map((c) => c.id)) : new Map<number, ChallengeProgressDto>();
    return toPage(found, q.limit, (c) => mapChallenge(c, user ? (mine.get(c.id) ?? emptyProgress()) : null), (c) => [c.id]);
  }

  async get(user: AuthUser | null, id: number): Promise<ChallengeDto> {
    const c = await one<ChallengeRow>(this.db.ds, `${SELECT} WHERE c.id = $1`, [id]);
    if (!c) throw notFound();
    const me = user ? ((await this.progressOf(this.db.ds, user.id, [id])).get(id) ?? emptyProgress()) : null;
    return mapChallenge(c, me);
  }

  async join(user: AuthUser, id: number): Promise<ChallengeDto> {
    await this.db.tx(async (em) => {
      const c = await this.openFor(em, user, id);
      await this.enrol(em, c, user.id);
    });
    return this.get(user, id);
  }

  async answerQuiz(user: AuthUser, id: number, dto: QuizAnswersDto): Promise<QuizResultDto> {
    return this.db.tx(async (em) => {
      const c = await this.openFor(em, user, id);
      if (c.kind !== 'quiz' || !c.quiz) throw notFound();
      await this.enrol(em, c, user.id);
      const [p] = await rows<ParticipantRow>(
        em,
        `UPDATE challenge_participants SET attempts = attempts + 1
          WHERE challenge_id = $1 AND user_id = $2 AND completed_at IS NULL AND attempts < $3 RETURNING *`,
        [id, user.id, c.max_attempts],
      );
      if (!p) {
        const done = await one(em, `SELECT 1 FROM challenge_completions WHERE challenge_id = $1 AND user_id = $2`, [id, user.id]);
        throw conflict(done ? 'errors.engagement.already_completed' : 'errors.engagement.no_attempts_left');
      }
      if (dto.answers.length !== c.quiz.length) throw invalidFields([{ field: 'answers', code: 'default' }]);
      const score = c.quiz.reduce((n, q, i) => n + (dto.answers[i] === q.correct ? 1 : 0), 0);
      const best = Math.max(score, p.progress[0] ?? 0);
      await em.query(`UPDATE challenge_participants SET progress = $3, total = $4 WHERE challenge_id = $1 AND user_id = $2`, [
        id,
        user.id,
        JSON.stringify([best]),
        best,
      ]);
      const passed = score >= (c.pass_score ?? c.quiz.length);
      const completed = passed ? await this.complete(em, c, user.id) : false;
      this.push(em, c, user.id, { steps: [best], total: best, completed });
      return { score, total: c.quiz.length, passed, attemptsLeft: (c.max_attempts ?? 0) - p.attempts, completed };
    });
  }

  async submit(user: AuthUser, id: number, dto: SubmissionDto): Promise<ChallengeSubmissionDto> {
    return this.db.tx(async (em) => {
      const c = await this.openFor(em, user, id);
      if (c.kind !== 'submission') throw notFound();
      if (dto.uploadId !== undefined) {
        const up = await one(em, `SELECT 1 FROM uploads WHERE id = $1 AND owner_id = $2`, [dto.uploadId, user.id]);
        if (!up) throw invalidFields([{ field: 'uploadId', code: 'default' }]);
      }
      await this.enrol(em, c, user.id);
      const [s] = await rows<SubmissionRow>(
        em,
        `INSERT INTO challenge_submissions (challenge_id, user_id, text, upload_id) VALUES ($1, $2, $3, $4)
         ON CONFLICT (challenge_id, user_id) WHERE status IN ('pending', 'approved') DO NOTHING RETURNING *`,
        [id, user.id, dto.text, dto.uploadId ?? null],
      );
      if (!s) throw conflict('errors.engagement.submission_exists');
      return mapSubmission({ ...s, display_name: user.displayName });
    });
  }

  async leaderboard(id: number, q: { cursor?: string; limit: number }): Promise<Page<LeaderboardEntryDto>> {
    await this.find(this.db.ds, id);
    const cur = decodeCursor(q.cursor, ['number', 'number']);
    const found = await rows<{ user_id: number; display_name: string; total: number; completed_at: Date | null; rank: number }>(
      this.db.ds,
      `SELECT p.user_id, u.display_name, p.total, p.completed_at,
              1 + (SELECT count(*)::int FROM challenge_participants q WHERE q.challenge_id = p.challenge_id AND q.total > p.total) AS rank
         FROM challenge_participants p JOIN users u ON u.id = p.user_id
        WHERE p.challenge_id = $1 AND u.deleted_at IS NULL
          AND ($2::int IS NULL OR p.total < $2 OR (p.total = $2 AND p.user_id > $3))
        ORDER BY p.total DESC, p.user_id LIMIT $4`,
      [id, cur?.[0] ?? null, cur?.[1] ?? null, q.limit + 1],
    );
    return toPage(
      found,
      q.limit,
      (r) => ({ rank: r.rank, userId: r.user_id, displayName: r.display_name, total: r.total, completedAt: iso(r.completed_at) }),
      (r) => [r.total, r.user_id],
    );
  }

  // ----------------------------------------------------------------------------- internals

  private async find(db: Queryable, id: number): Promise<ChallengeRow> {
    const c = await one<ChallengeRow>(db, `SELECT * FROM challenges WHERE id = $1`, [id]);
    if (!c) throw notFound();
    return c;
  }

  /** The challenge if it is running and the member may take part in it. */
  private async openFor(em: EntityManager, user: AuthUser, id: number): Promise<ChallengeRow> {
    // KEY SHARE: members take part side by side, but not past a cancel (which locks the row FOR UPDATE)
    const c = await one<ChallengeRow>(em, `SELECT * FROM challenges WHERE id = $1 FOR KEY SHARE`, [id]);
    if (!c) throw notFound();
    if (c.cancelled_at) throw conflict('errors.engagement.cancelled');
    const now = Date.now();
    if (now < c.starts_at.getTime()) throw new AppError(409, 'errors.engagement.not_started');
    if (now >= c.ends_at.getTime()) throw new AppError(409, 'errors.engagement.ended');
    await assertEligible(em, this.standing, user, { minTierRank: c.min_tier_rank, minMemberDays: c.min_member_days });
    return c;
  }

  private async enrol(em: EntityManager, c: ChallengeRow, userId: number): Promise<void> {
    const initial = c.kind === 'action' || c.kind === 'steps' ? c.steps.map(() => 0) : [0];
    const [p] = await rows(
      em,
      `INSERT INTO challenge_participants (challenge_id, user_id, progress) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING user_id`,
      [c.id, userId, JSON.stringify(initial)],
    );
    if (p) await this.db.publish(em, 'challenge.joined', { challengeId: c.id, userId, brandId: c.brand_id });
  }

  private async progressOf(db: Queryable, userId: number, ids: number[]): Promise<Map<number, ChallengeProgressDto>> {
    const out = new Map<number, ChallengeProgressDto>();
    if (!ids.length) return out;
    const found = await rows<ParticipantRow & { challenge_id: number; s_id: number | null; s_status: string | null; s_reason: string | null }>(
      db,
      `SELECT p.*, s.id AS s_id, s.status AS s_status, s.reason AS s_reason
         FROM challenge_participants p
         LEFT JOIN LATERAL (SELECT id, status, reason FROM challenge_submissions x
                             WHERE x.challenge_id = p.challenge_id AND x.user_id = p.user_id ORDER BY id DESC LIMIT 1) s ON true
        WHERE p.user_id = $1 AND p.challenge_id = ANY($2::bigint[])`,
      [userId, ids],
    );
    for (const p of found) {
      out.set(p.challenge_id, {
        joined: true,
        steps: p.progress,
        total: p.total,
        attempts: p.attempts,
        completed: p.completed_at !== null,
        completedAt: iso(p.completed_at),
        submission: p.s_id ? { id: p.s_id, status: p.s_status as 'pending', reason: p.s_reason } : null,
      });
    }
    return out;
  }

  /** Counts one action for every running challenge the member joined that it matches. */
  async count(em: EntityManager, f: ActionFact): Promise<void> {
    const candidates = await rows<ChallengeRow & { completed_at: Date | null }>(
      em,
      `SELECT c.*, p.completed_at
         FROM challenge_participants p JOIN challenges c ON c.id = p.challenge_id
        WHERE p.user_id = $1 AND p.completed_at IS NULL AND c.kind IN ('action', 'steps', 'streak')
          AND now() >= c.starts_at AND now() < c.ends_at AND c.cancelled_at IS NULL
        ORDER BY c.id
          FOR KEY SHARE OF c`,
      [f.userId],
    );
    const matching = candidates.filter((c) => c.steps.some((s) => stepMatches(s, f)));
    if (!matching.length) return;
    // the content's state before any member's row (the order its removals lock in): removed content is
    // recorded as counted-out, so it counts only when restored, whichever event is handled first
    const removed = f.content ? await contentRemoved(em, f.content.kind, f.content.id) : false;
    for (const c of matching) {
      const fresh = await rows(
        em,
        `INSERT INTO challenge_counted_events (challenge_id, user_id, source_key, steps, removed) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING RETURNING 1`,
        [c.id, f.userId, f.key.slice(0, 80), JSON.stringify(c.steps.flatMap((s, i) => (stepMatches(s, f) ? [i] : []))), removed],
      );
      if (!fresh.length || removed) continue;
      const p = await one<ParticipantRow>(em, `SELECT progress, total, last_day::text AS last_day, attempts, completed_at FROM challenge_participants WHERE challenge_id = $1 AND user_id = $2 FOR UPDATE`, [
        c.id,
        f.userId,
      ]);
      if (!p || p.completed_at) continue;
      let steps = [...p.progress];
      let total = p.total;
      let lastDay = p.last_day;
      let done = false;
      if (c.kind === 'streak') {
        const today = dayOf(new Date());
        if (lastDay !== today) {
          steps = [lastDay === dayBefore(today) ? (steps[0] ?? 0) + 1 : 1];
          lastDay = today;
          total = Math.max(total, steps[0]);
        }
        done = steps[0] >= (c.streak_days ?? Infinity);
      } else {
        steps = c.steps.map((s, i) => Math.min(s.count, (steps[i] ?? 0) + (stepMatches(s, f) ? 1 : 0)));
        total += 1;
        done = c.scope === 'individual' && c.steps.every((s, i) => steps[i] >= s.count);
      }
      await em.query(`UPDATE challenge_participants SET progress = $3, total = $4, last_day = $5 WHERE challenge_id = $1 AND user_id = $2`, [
        c.id,
        f.userId,
        JSON.stringify(steps),
        total,
        lastDay,
      ]);
      let community = c.community_progress;
      if (c.scope === 'community') {
        const r = await this.addToCommunity(em, c, 1);
        community = r.progress;
        done = r.reached;
      }
      if (done && c.scope === 'individual') await this.complete(em, c, f.userId);
      this.push(em, { ...c, community_progress: community }, f.userId, { steps, total, completed: done });
    }
  }

  /**
   * A removal or restoration of counted content (ordered by outbox id in the shared content
   * state, as loyalty's awards are): its contributions are flagged counted-out or counted-in
   * again (a conditional update: each flip happens once, redelivered or stale events flip
   * nothing), and the progress of each member it flipped for is counted again from their
   * contributions. Completion happens exactly once and stays: a completed member's progress, and
   * a community goal once its target was met, are left as they are; and so are streaks (they
   * count days, not items) and challenges no longer running.
   */
  async contentChanged(em: EntityManager, content: Removable, change: ContentChange): Promise<void> {
    const removed = await contentRemoved(em, content.kind, content.id, change);
    const flipped = await rows<{ challenge_id: number; user_id: number }>(
      em,
      `UPDATE challenge_counted_events SET removed = $2 WHERE source_key = $1 AND removed <> $2 RETURNING challenge_id, user_id`,
      [keyOf(content), removed],
    );
    flipped.sort((a, b) => a.challenge_id - b.challenge_id); // the order count() locks challenges in
    for (const f of flipped) await this.recount(em, f.challenge_id, f.user_id, removed ? -1 : 1);
  }

  /** A member's progress from their contributions still counted, after one was counted out (-1) or in again (+1). */
  private async recount(em: EntityManager, challengeId: number, userId: number, d: 1 | -1): Promise<void> {
    const c = await one<ChallengeRow & { running: boolean }>(
      em,
      `SELECT *, now() >= starts_at AND now() < ends_at AND cancelled_at IS NULL AS running FROM challenges WHERE id = $1 FOR KEY SHARE`,
      [challengeId],
    );
    const p = await one<ParticipantRow>(em, `SELECT progress, total, attempts, completed_at FROM challenge_participants WHERE challenge_id = $1 AND user_id = $2 FOR UPDATE`, [
      challengeId,
      userId,
    ]);
    if (!c?.running || !p || p.completed_at || c.kind === 'streak') return;
    const live = await rows<{ steps: number[] }>(em, `SELECT steps FROM challenge_counted_events WHERE challenge_id = $1 AND user_id = $2 AND NOT removed`, [
      challengeId,
      userId,
    ]);
    const steps = c.steps.map((s, i) => Math.min(s.count, live.filter((l) => l.steps.includes(i)).length));
    await em.query(`UPDATE challenge_participants SET progress = $3, total = $4 WHERE challenge_id = $1 AND user_id = $2`, [
      challengeId,
      userId,
      JSON.stringify(steps),
      live.length,
    ]);
    let done = c.scope === 'individual' && c.steps.every((s, i) => steps[i] >= s.count);
    let community = c.community_progress;
    if (c.scope === 'community') {
      const r = await this.addToCommunity(em, c, d);
      community = r.progress;
      done = r.reached;
    }
    if (done && c.scope === 'individual') await this.complete(em, c, userId);
    this.push(em, { ...c, community_progress: community }, userId, { steps, total: live.length, completed: done });
  }

  /**
   * Adds to (or takes from) a community goal's shared total; a contribution counted out once the
   * target was met takes nothing (everyone who contributed has completed). Meeting the target
   * completes every contributor, once.
   */
  private async addToCommunity(em: EntityManager, c: ChallengeRow, d: 1 | -1): Promise<{ progress: number; reached: boolean }> {
    const [r] = await rows<{ community_progress: number; community_reached_at: Date | null }>(
      em,
      `UPDATE challenges SET community_progress = community_progress + $2 WHERE id = $1 AND ($2 > 0 OR community_reached_at IS NULL)
       RETURNING community_progress, community_reached_at`,
      [c.id, d],
    );
    if (!r) return { progress: (await this.find(em, c.id)).community_progress, reached: false };
    if (r.community_reached_at || r.community_progress < (c.community_target ?? Infinity)) return { progress: r.community_progress, reached: false };
    const reached = await rows(em, `UPDATE challenges SET community_reached_at = now() WHERE id = $1 AND community_reached_at IS NULL RETURNING id`, [c.id]);
    if (reached.length) {
      // the shared target is met: everyone who contributed completes, once
      const members = await rows<{ user_id: number }>(em, `SELECT user_id FROM challenge_participants WHERE challenge_id = $1 AND total > 0`, [c.id]);
      for (const m of members) await this.complete(em, c, m.user_id);
    }
    return { progress: r.community_progress, reached: reached.length > 0 };
  }

  /** Completes once (unique key): the rewards are loyalty's, through `challenge.completed`. */
  private async complete(em: EntityManager, c: ChallengeRow, userId: number): Promise<boolean> {
    if (c.cancelled_at) return false;
    const [done] = await rows<{ id: number }>(
      em,
      `INSERT INTO challenge_completions (challenge_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id`,
      [c.id, userId],
    );
    if (!done) return false;
    await em.query(`UPDATE challenge_participants SET completed_at = now() WHERE challenge_id = $1 AND user_id = $2`, [c.id, userId]);
    await this.db.publish(em, 'challenge.completed', {
      challengeId: c.id,
      userId,
      brandId: c.brand_id,
      completionId: done.id,
      points: c.points,
      badgeId: c.badge_id,
      pledgeCampaignId: c.pledge_campaign_id,
    });
    await this.notifications.notify(em, {
      userId,
      kind: 'challenge_completed',
      data: { challengeId: c.id, title: c.title, titleAr: c.title_ar, points: c.points },
      dedupeKey: `challenge-completed:${c.id}`,
    });
    return true;
  }

  private push(em: EntityManager, c: ChallengeRow, userId: number, p: { steps: number[]; total: number; completed: boolean }): void {
    this.db.afterCommit(em, () =>
      this.realtime.toUser(userId, 'challenge:progress', {
        challengeId: c.id,
        steps: p.steps,
        total: p.total,
        completed: p.completed,
        communityProgress: c.community_progress,
      }),
    );
  }
}

interface SubmissionRow {
  id: number;
  challenge_id: number;
  user_id: number;
  display_name: string;
  text: string;
  upload_id: number | null;
  status: 'pending' | 'approved' | 'rejected';
  reason: string | null;
  created_at: Date;
  reviewed_at: Date | null;
}

const mapSubmission = (s: SubmissionRow): ChallengeSubmissionDto => ({
  id: s.id,
  challengeId: s.challenge_id,
  userId: s.user_id,
  displayName: s.display_name,
  text: s.text,
  uploadId: s.upload_id,
  status: s.status,
  reason: s.reason,
  createdAt: s.created_at.toISOString(),
  reviewedAt: iso(s.reviewed_at),
});

const emptyProgress = (): ChallengeProgressDto => ({
  joined: false,
  steps: [],
  total: 0,
  attempts: 0,
  completed: false,
  completedAt: null,
  submission: null,
});
