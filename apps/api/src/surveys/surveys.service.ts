import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Page, SurveyAnswerResultDto, SurveyDto, SurveyQuestionDto, SurveyQuestionResultDto, SurveyResultsDto } from '@wala/contract';
import type { EntityManager } from 'typeorm';
import { scopeFor } from '../analytics/analytics-scope';
import { canManageBrand } from '../brands/brands.service';
import type { AuthUser } from '../common/auth-context';
import { AppError, conflict, invalidFields, notFound, type FieldProblem } from '../common/errors';
import { MemberStanding } from '../common/member-standing';
import { decodeCursor, toPage } from '../common/params';
import { one, rows, type Queryable } from '../common/sql';
import { Db } from '../database/db.service';
import { PersonalData } from '../identity/personal-data';
import type { SurveyAnswerValue } from './survey.entity';
import type { CreateSurveyDto, SurveyAnswerDto } from './survey.dto';

interface SurveyRow {
  id: number;
  brand_id: number | null;
  title: string;
  title_ar: string;
  intro: string;
  intro_ar: string;
  anonymous: boolean;
  points: number;
  audience: SurveyDto['audience'];
  audience_ref: number | null;
  status: SurveyDto['status'];
  created_at: Date;
  answered?: boolean;
  responses?: number;
}

interface QuestionRow {
  id: number;
  survey_id: number;
  kind: SurveyQuestionDto['kind'];
  prompt: string;
  prompt_ar: string;
  options: { en: string; ar: string }[];
  required: boolean;
}

const mapQuestion = (q: QuestionRow): SurveyQuestionDto => ({
  id: q.id,
  kind: q.kind,
  prompt: q.prompt,
  promptAr: q.prompt_ar,
  options: q.options,
  required: q.required,
});

const SCORE_RANGE = { nps: [0, 10], csat: [1, 5] } as const;
const CHOICE_KINDS = ['single', 'multiple'];

/**
 * Surveys: NPS, CSAT and custom questions, for an audience, rewarded once. The participation
 * (who answered, for the reward) and the response (what was answered) are separate rows; for an
 * anonymous survey the response carries no member, no participation and only the week.
 */
@Injectable()
export class SurveysService implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly standing: MemberStanding,
    private readonly personalData: PersonalData,
  ) {}

  onModuleInit(): void {
    this.personalData.register({
      section: 'surveys',
      collect: (em, userId) =>
        rows(
          em,
          `SELECT p.survey_id, p.points, p.created_at, r.answers
             FROM survey_participations p LEFT JOIN survey_responses r ON r.participation_id = p.id
            WHERE p.user_id = $1 ORDER BY p.id`,
          [userId],
        ),
      erase: async (em, userId) => void (await em.query(`DELETE FROM survey_participations WHERE user_id = $1`, [userId])),
    });
  }

  private async questions(q: Queryable, surveyIds: number[]): Promise<Map<number, SurveyQuestionDto[]>> {
    const found = surveyIds.length
      ? await rows<QuestionRow>(q, `SELECT * FROM survey_questions WHERE survey_id = ANY($1::bigint[]) ORDER BY survey_id, position`, [surveyIds])
      : [];
    const map = new Map<number, SurveyQuestionDto[]>();
    for (const r of found) map.set(r.survey_id, [...(map.get(r.survey_id) ?? []), mapQuestion(r)]);
    return map;
  }

  private async toDtos(q: Queryable, list: SurveyRow[]): Promise<SurveyDto[]> {
    const qs = await this.questions(
      q,
      list.map((s) => s.id),
    );
    return list.map((s) => ({
      id: s.id,
      brandId: s.brand_id,
      title: s.title,
      titleAr: s.title_ar,
      intro: s.intro,
      introAr: s.intro_ar,
      anonymous: s.anonymous,
      points: s.points,
      audience: s.audience,
      audienceRef: s.audience_ref,
      status: s.status,
      questions: qs.get(s.id) ?? [],
      createdAt: s.created_at.toISOString(),
      ...(s.answered !== undefined ? { answered: s.answered } : {}),
      ...(s.responses !== undefined ? { responses: s.responses } : {}),
    }));
  }

  private check(dto: CreateSurveyDto): void {
    const problems: FieldProblem[] = [];
    const audience = dto.audience ?? 'everyone';
    if (audience === 'everyone' && dto.audienceRef !== undefined) problems.push({ field: 'audienceRef', code: 'audienceRef' });
    if (audience !== 'everyone' && dto.audienceRef === undefined) problems.push({ field: 'audienceRef', code: 'audienceRef' });
    if (!dto.questions.length) problems.push({ field: 'questions', code: 'surveyQuestions' });
    dto.questions.forEach((q, i) => {
      const n = q.options?.length ?? 0;
      if (CHOICE_KINDS.includes(q.kind) ? n < 2 : n > 0)
        problems.push({
          field: `questions.${i}.options`,
          code: 'surveyOptions',
        });
    });
    if (problems.length) throw invalidFields(problems);
  }

  private async writeQuestions(em: EntityManager, surveyId: number, dto: CreateSurveyDto): Promise<void> {
    await em.query(`DELETE FROM survey_questions WHERE survey_id = $1`, [surveyId]);
    for (const [i, q] of dto.questions.entries()) {
      await em.query(`INSERT INTO survey_questions (survey_id, position, kind, prompt, prompt_ar, options, required) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
        surveyId,
        i,
        q.kind,
        q.prompt,
        q.promptAr,
        JSON.stringify(q.options ?? []),
        q.required ?? true,
      ]);
    }
  }

  async create(user: AuthUser, dto: CreateSurveyDto): Promise<SurveyDto> {
    const scope = scopeFor(user, dto.brandId);
    this.check(dto);
    return this.db.tx(async (em) => {
      const [s] = await rows<SurveyRow>(
        em,
        `INSERT INTO surveys (brand_id, title, title_ar, intro, intro_ar, anonymous, points, audience, audience_ref, created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [
          scope || null,
          dto.title,
          dto.titleAr,
          dto.intro ?? '',
          dto.introAr ?? '',
          dto.anonymous ?? false,
          dto.points ?? 0,
          dto.audience ?? 'everyone',
          dto.audienceRef ?? null,
          user.id,
        ],
      );
      await this.writeQuestions(em, s.id, dto);
      return (await this.toDtos(em, [{ ...s, responses: 0 }]))[0];
    });
  }

  /** The survey if the caller runs it (admin, or manager of its brand), else 404. */
  private async managed(q: Queryable, user: AuthUser, id: number, lock = false): Promise<SurveyRow> {
    const s = await one<SurveyRow>(
      q,
      `SELECT s.*, (SELECT count(*)::int FROM survey_participations p WHERE p.survey_id = s.id) AS responses
         FROM surveys s WHERE s.id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    if (!s || !(user.role === 'admin' || (s.brand_id !== null && canManageBrand(user, s.brand_id)))) throw notFound();
    return s;
  }

  async update(user: AuthUser, id: number, dto: CreateSurveyDto): Promise<SurveyDto> {
    this.check(dto);
    return this.db.tx(async (em) => {
      const cur = await this.managed(em, user, id, true);
      if (cur.status !== 'draft') throw conflict('errors.surveys.not_draft');
      const [s] = await rows<SurveyRow>(
        em,
        `UPDATE surveys SET title = $2, title_ar = $3, intro = $4, intro_ar = $5, anonymous = $6, points = $7, audience = $8, audience_ref = $9
          WHERE id = $1 AND status = 'draft' RETURNING *`,
        [
          id,
          dto.title,
          dto.titleAr,
          dto.intro ?? '',
          dto.introAr ?? '',
          dto.anonymous ?? false,
          dto.points ?? 0,
          dto.audience ?? 'everyone',
          dto.audienceRef ?? null,
        ],
      );
      await this.writeQuestions(em, id, dto);
      return (await this.toDtos(em, [{ ...s, responses: 0 }]))[0];
    });
  }

  /** draft → open → closed, each once. */
  async setStatus(user: AuthUser, id: number, status: 'open' | 'closed'): Promise<SurveyDto> {
    return this.db.tx(async (em) => {
      const cur = await this.managed(em, user, id, true);
      const from = status === 'open' ? 'draft' : 'open';
      if (cur.status !== from)
        throw conflict('errors.surveys.bad_transition', {
          from: cur.status,
          to: status,
        });
      const [s] = await rows<SurveyRow>(
        em,
        `UPDATE surveys SET status = $2::varchar, opened_at = CASE WHEN $2::varchar = 'open' THEN now() ELSE opened_at END,
                closed_at = CASE WHEN $2::varchar = 'closed' THEN now() ELSE closed_at END
          WHERE id = $1 AND status = $3::varchar RETURNING *`,
        [id, status, from],
      );
      return (await this.toDtos(em, [{ ...s, responses: cur.responses }]))[0];
    });
  }

  async manageList(user: AuthUser, q: { brandId?: number; cursor?: string; limit: number }): Promise<Page<SurveyDto>> {
    const scope = scopeFor(user, q.brandId);
    const cur = decodeCursor(q.cursor, ['number']);
    const found = await rows<SurveyRow>(
      this.db.ds,
      `SELECT s.*, (SELECT count(*)::int FROM survey_participations p WHERE p.survey_id = s.id) AS responses
         FROM surveys s WHERE ($1 = 0 OR s.brand_id = $1) AND ($2::bigint IS NULL OR s.id < $2)
        ORDER BY s.id DESC LIMIT $3`,
      [scope, cur?.[0] ?? null, q.limit + 1],
    );
    const page = toPage(
      found,
      q.limit,
      (s) => s,
      (s) => [s.id],
    );
    return {
      items: await this.toDtos(this.db.ds, page.items),
      nextCursor: page.nextCursor,
    };
  }

  /** SQL condition: the member $1 (tier rank $2) is in the survey `s`'s audience. */
  private static readonly IN_AUDIENCE = `(s.audience = 'everyone'
      OR (s.audience = 'tier' AND s.audience_ref <= $2)
      OR (s.audience = 'event' AND EXISTS (SELECT 1 FROM analytics_event_facts f
            WHERE f.event_id = s.audience_ref AND f.user_id = $1 AND f.checked_in_day IS NOT NULL))
      OR (s.audience = 'challenge' AND EXISTS (SELECT 1 FROM analytics_challenge_facts f
            WHERE f.challenge_id = s.audience_ref AND f.user_id = $1 AND f.joined_day IS NOT NULL)))`;

  /** Open surveys the member may answer, newest first, with whether they did. */
  async listForMember(user: AuthUser, q: { cursor?: string; limit: number }): Promise<Page<SurveyDto>> {
    const cur = decodeCursor(q.cursor, ['number']);
    const rank = await this.standing.tierRank(this.db.ds, user.id);
    const found = await rows<SurveyRow>(
      this.db.ds,
      `SELECT s.*, EXISTS (SELECT 1 FROM survey_participations p WHERE p.survey_id = s.id AND p.user_id = $1) AS answered
         FROM surveys s WHERE s.status = 'open' AND ${SurveysService.IN_AUDIENCE} AND ($3::bigint IS NULL OR s.id < $3)
        ORDER BY s.id DESC LIMIT $4`,
      [user.id, rank, cur?.[0] ?? null, q.limit + 1],
    );
    const page = toPage(
      found,
      q.limit,
      (s) => s,
      (s) => [s.id],
    );
    return {
      items: await this.toDtos(this.db.ds, page.items),
      nextCursor: page.nextCursor,
    };
  }

  /** A survey as its managers see it, or as a member of its audience while it is open. */
  async get(user: AuthUser, id: number): Promise<SurveyDto> {
    const rank = await this.standing.tierRank(this.db.ds, user.id);
    const s = await one<SurveyRow>(
      this.db.ds,
      `SELECT s.*, EXISTS (SELECT 1 FROM survey_participations p WHERE p.survey_id = s.id AND p.user_id = $1) AS answered,
              (s.status = 'open' AND ${SurveysService.IN_AUDIENCE}) AS visible
         FROM surveys s WHERE s.id = $3`,
      [user.id, rank, id],
    );
    const runs = !!s && (user.role === 'admin' || (s.brand_id !== null && canManageBrand(user, s.brand_id)));
    if (!s || !(runs || (s as SurveyRow & { visible: boolean }).visible)) throw notFound();
    return (await this.toDtos(this.db.ds, [s]))[0];
  }

  private validateAnswers(questions: SurveyQuestionDto[], answers: SurveyAnswerDto[]): SurveyAnswerValue[] {
    const problems: FieldProblem[] = [];
    const byId = new Map(answers.map((a, i) => [a.questionId, { a, i }]));
    if (byId.size !== answers.length) problems.push({ field: 'answers', code: 'surveyAnswer' });
    for (const [qid, { i }] of byId)
      if (!questions.some((q) => q.id === qid))
        problems.push({
          field: `answers.${i}.questionId`,
          code: 'surveyAnswer',
        });
    const out: SurveyAnswerValue[] = [];
    questions.forEach((q) => {
      const found = byId.get(q.id);
      const field = `answers.${found?.i ?? 0}`;
      if (!found) {
        if (q.required)
          problems.push({
            field: `answers`,
            code: 'surveyRequired',
            params: { question: q.prompt },
          });
        return;
      }
      const { a } = found;
      if (q.kind === 'nps' || q.kind === 'csat') {
        const [lo, hi] = SCORE_RANGE[q.kind];
        if (a.score === undefined || a.score < lo || a.score > hi || a.choices !== undefined)
          problems.push({
            field: `${field}.score`,
            code: 'surveyScore',
            params: { min: lo, max: hi },
          });
        else
          out.push({
            questionId: q.id,
            score: a.score,
            ...(q.kind === 'nps' && a.text ? { text: a.text } : {}),
          });
      } else if (CHOICE_KINDS.includes(q.kind)) {
        const c = a.choices ?? [];
        const ok = c.length > 0 && new Set(c).size === c.length && c.every((x) => x < q.options.length) && (q.kind === 'multiple' || c.length === 1);
        if (!ok) problems.push({ field: `${field}.choices`, code: 'surveyChoice' });
        else out.push({ questionId: q.id, choices: [...c].sort((x, y) => x - y) });
      } else if (!a.text) {
        if (q.required) problems.push({ field: `${field}.text`, code: 'isNotEmpty' });
      } else out.push({ questionId: q.id, text: a.text });
    });
    if (problems.length) throw invalidFields(problems);
    return out;
  }

  /** Answers once: the participation row is the once-only key of the reward. */
  async answer(user: AuthUser, id: number, answers: SurveyAnswerDto[]): Promise<SurveyAnswerResultDto> {
    const rank = await this.standing.tierRank(this.db.ds, user.id);
    return this.db.tx(async (em) => {
      const s = await one<SurveyRow & { visible: boolean }>(
        em,
        `SELECT s.*, ${SurveysService.IN_AUDIENCE} AS visible FROM surveys s WHERE s.id = $3 FOR SHARE`,
        [user.id, rank, id],
      );
      if (!s || !s.visible || s.status === 'draft') throw notFound();
      if (s.status !== 'open') throw conflict('errors.surveys.closed');
      const questions = (await this.questions(em, [s.id])).get(s.id) ?? [];
      const values = this.validateAnswers(questions, answers);
      const [p] = await rows<{ id: number }>(
        em,
        `INSERT INTO survey_participations (survey_id, user_id, points) VALUES ($1, $2, $3)
         ON CONFLICT (survey_id, user_id) DO NOTHING RETURNING id`,
        [s.id, user.id, s.points],
      );
      if (!p) throw new AppError(409, 'errors.surveys.already_answered');
      const first = (kind: 'nps' | 'csat') => values.find((v) => questions.find((q) => q.id === v.questionId)?.kind === kind)?.score ?? null;
      await em.query(
        `INSERT INTO survey_responses (id, survey_id, participation_id, answered_on, nps, csat, answers)
         VALUES (gen_random_uuid(), $1, $2, CASE WHEN $3 THEN analytics_period('w', analytics_day(now())) ELSE analytics_day(now()) END, $4, $5, $6)`,
        [s.id, s.anonymous ? null : p.id, s.anonymous, first('nps'), first('csat'), JSON.stringify(values)],
      );
      await this.db.publish(em, 'survey.answered', {
        surveyId: s.id,
        userId: user.id,
        brandId: s.brand_id,
        participationId: p.id,
        points: s.points,
      });
      return { points: s.points };
    });
  }

  async results(user: AuthUser, id: number): Promise<SurveyResultsDto> {
    const s = await this.managed(this.db.ds, user, id);
    const questions = (await this.questions(this.db.ds, [id])).get(id) ?? [];
    const [answered, scores, choices, texts, total] = await Promise.all([
      rows<{ q: number; n: number }>(
        this.db.ds,
        `SELECT (a->>'questionId')::bigint AS q, count(*)::int AS n
           FROM survey_responses r, jsonb_array_elements(r.answers) a WHERE r.survey_id = $1 GROUP BY 1`,
        [id],
      ),
      rows<{ q: number; score: number; n: number }>(
        this.db.ds,
        `SELECT (a->>'questionId')::bigint AS q, (a->>'score')::int AS score, count(*)::int AS n
           FROM survey_responses r, jsonb_array_elements(r.answers) a
          WHERE r.survey_id = $1 AND a ? 'score' GROUP BY 1, 2`,
        [id],
      ),
      rows<{ q: number; choice: number; n: number }>(
        this.db.ds,
        `SELECT (a->>'questionId')::bigint AS q, c::int AS choice, count(*)::int AS n
           FROM survey_responses r, jsonb_array_elements(r.answers) a, jsonb_array_elements_text(a->'choices') c
          WHERE r.survey_id = $1 AND a ? 'choices' GROUP BY 1, 2`,
        [id],
      ),
      rows<{ q: number; text: string }>(
        this.db.ds,
        `SELECT q, text FROM (
           SELECT (a->>'questionId')::bigint AS q, a->>'text' AS text,
                  row_number() OVER (PARTITION BY a->>'questionId' ORDER BY r.answered_on DESC, a->>'text') AS rn
             FROM survey_responses r, jsonb_array_elements(r.answers) a
            WHERE r.survey_id = $1 AND a ? 'text') t WHERE rn <= 100 ORDER BY q, rn`,
        [id],
      ),
      one<{ n: number }>(this.db.ds, `SELECT count(*)::int AS n FROM survey_responses WHERE survey_id = $1`, [id]),
    ]);
    const out: SurveyQuestionResultDto[] = questions.map((q) => {
      const r: SurveyQuestionResultDto = {
        questionId: q.id,
        kind: q.kind,
        answered: answered.find((a) => a.q === q.id)?.n ?? 0,
      };
      if (q.kind === 'nps' || q.kind === 'csat') {
        const [lo, hi] = SCORE_RANGE[q.kind];
        const counts = Array.from({ length: hi + 1 }, () => 0);
        for (const x of scores) if (x.q === q.id && x.score >= lo && x.score <= hi) counts[x.score] = x.n;
        const n = counts.reduce((a, b) => a + b, 0);
        const sum = counts.reduce((a, c, i) => a + c * i, 0);
        r.scores = counts;
        r.average = n ? Math.round((sum / n) * 100) / 100 : null;
        const share = (from: number, to: number) => counts.slice(from, to + 1).reduce((a, b) => a + b, 0);
        if (q.kind === 'nps') r.nps = n ? Math.round(((share(9, 10) - share(0, 6)) / n) * 10_000) / 100 : null;
        else r.satisfied = n ? Math.round((share(4, 5) / n) * 10_000) / 100 : null;
      }
      if (CHOICE_KINDS.includes(q.kind)) {
        r.options = q.options.map((_, i) => choices.find((c) => c.q === q.id && c.choice === i)?.n ?? 0);
      }
      if (q.kind === 'text' || q.kind === 'nps') {
        r.texts = texts.filter((t) => t.q === q.id).map((t) => t.text);
      }
      return r;
    });
    return { surveyId: s.id, responses: total!.n, questions: out };
  }
}
