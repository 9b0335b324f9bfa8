import type { EntityManager } from 'typeorm';
import type { DemoStep } from '../demo/demo-context';
import { Db } from '../database/db.service';
import { one, rows } from '../common/sql';

const FLAGS = [0, 0, 1, 2, 4];

/** A deterministic pseudo-random sequence, so the demo is the same on every seed. */
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

async function survey(
  em: EntityManager,
  db: Db,
  o: {
    brandId: number | null;
    title: string;
    titleAr: string;
    anonymous: boolean;
    points: number;
    createdBy: number;
    questions: [string, string, string][];
  },
  answers: { userId: number; scores: (number | string)[] }[],
): Promise<void> {
  if (await one(em, `SELECT 1 FROM surveys WHERE title = $1`, [o.title])) return;
  const [s] = await rows<{ id: number }>(
    em,
    `INSERT INTO surveys (brand_id, title, title_ar, anonymous, points, status, opened_at, created_by_id)
     VALUES ($1, $2, $3, $4, $5, 'open', now(), $6) RETURNING id`,
    [o.brandId, o.title, o.titleAr, o.anonymous, o.points, o.createdBy],
  );
  const qids: number[] = [];
  for (const [i, [kind, prompt, promptAr]] of o.questions.entries()) {
    const [q] = await rows<{ id: number }>(
      em,
      `INSERT INTO survey_questions (survey_id, position, kind, prompt, prompt_ar, required) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [s.id, i, kind, prompt, promptAr, kind !== 'text'],
    );
    qids.push(q.id);
  }
  for (const a of answers) {
    const [p] = await rows<{ id: number }>(em, `INSERT INTO survey_participations (survey_id, user_id, points) VALUES ($1, $2, $3) RETURNING id`, [
      s.id,
      a.userId,
      o.points,
    ]);
    const values = a.scores.map((v, i) => (typeof v === 'number' ? { questionId: qids[i], score: v } : { questionId: qids[i], text: v }));
    const kindOf = (k: string) => o.questions.findIndex((q) => q[0] === k);
    await em.query(
      `INSERT INTO survey_responses (id, survey_id, participation_id, answered_on, nps, csat, answers)
       VALUES (gen_random_uuid(), $1, $2, CASE WHEN $3 THEN analytics_period('w', analytics_day(now())) ELSE analytics_day(now()) END, $4, $5, $6)`,
      [s.id, o.anonymous ? null : p.id, o.anonymous, a.scores[kindOf('nps')] ?? null, a.scores[kindOf('csat')] ?? null, JSON.stringify(values)],
    );
    await db.publish(em, 'survey.answered', {
      surveyId: s.id,
      userId: a.userId,
      brandId: o.brandId,
      participationId: p.id,
      points: o.points,
    });
  }
}

/**
 * Demo analytics: 120 days of member activity (so the dashboards have history), two surveys
 * with answers (an NPS survey of Qahwa House, an anonymous community CSAT survey) and purchases
 * for CLTV. Idempotent: activity days and purchases have unique keys, surveys are made once.
 */
export const analyticsDemo: DemoStep = {
  name: 'analytics',
  async run({ em, users, brands, app }) {
    const db = app.get(Db);
    const members = Object.entries(users).filter(([k]) => !k.startsWith('manager') && k !== 'admin' && k !== 'moderator');
    const qahwa = brands['qahwa-house'] ?? null;
    const souq = brands['souq'] ?? null;
    const rand = rng(7);
    for (const [i, [, id]] of members.entries()) {
      const stickiness = 0.15 + (i % 5) * 0.12;
      const joined = 120 - (i % 6) * 15;
      for (let d = joined; d >= 0; d--) {
        if (rand() > stickiness) continue;
        const brand = rand() < 0.5 ? qahwa : rand() < 0.5 ? souq : null;
        await em.query(`SELECT analytics_touch($1, $2, analytics_day(now()) - $3::int, $4)`, [id, brand, d, FLAGS[Math.floor(rand() * FLAGS.length)]]);
      }
    }
    const nps = [10, 9, 9, 8, 7, 10, 6, 9, 3, 10, 8, 9];
    await survey(
      em,
      db,
      {
        brandId: qahwa,
        title: 'How was your coffee?',
        titleAr: 'كيف كانت قهوتك؟',
        anonymous: false,
        points: 20,
        createdBy: users['manager.qahwa'],
        questions: [
          ['nps', 'How likely are you to recommend Qahwa House to a friend?', 'ما مدى احتمال أن توصي ببيت القهوة لصديق؟'],
          ['csat', 'How satisfied are you with your last visit?', 'ما مدى رضاك عن زيارتك الأخيرة؟'],
        ],
      },
      members.slice(0, nps.length).map(([, userId], i) => ({ userId, scores: [nps[i], 1 + (i % 5)] })),
    );
    await survey(
      em,
      db,
      {
        brandId: null,
        title: 'Your community',
        titleAr: 'مجتمعك',
        anonymous: true,
        points: 10,
        createdBy: users.admin,
        questions: [
          ['csat', 'How satisfied are you with the community?', 'ما مدى رضاك عن المجتمع؟'],
          ['text', 'What should we improve?', 'ما الذي يجب أن نحسّنه؟'],
        ],
      },
      members.slice(4, 14).map(([, userId], i) => ({
        userId,
        scores: [3 + (i % 3), i % 2 ? 'More events, please' : 'المزيد من الفعاليات'],
      })),
    );
    for (const [i, [, id]] of members.slice(0, 10).entries()) {
      for (let k = 0; k <= i % 4; k++) {
        await em.query(
          `INSERT INTO analytics_purchases (user_id, brand_id, amount_minor, currency, purchased_on, external_ref)
           VALUES ($1, $2, $3, $4, analytics_day(now()) - $5::int, $6) ON CONFLICT (external_ref) WHERE external_ref IS NOT NULL DO NOTHING`,
          [id, i % 3 ? qahwa : souq, 1500 + 250 * ((i + k) % 7), i % 4 === 3 ? 'USD' : 'SAR', 5 + k * 40 + i, `demo-${i}-${k}`],
        );
      }
    }
  },
};
