import { one, rows } from '../common/sql';
import type { DemoStep } from '../demo/demo-context';

/**
 * Demo rewards (a coupon pool, a digital gift, a physical gift, an event ticket), a charity and
 * a campaign with a brand match and a per-check-in pledge. Idempotent: skipped once present.
 */
export const REWARDS_DEMO: DemoStep = {
  name: 'rewards and charity',
  async run({ em, users, brands }) {
    const qahwa = brands['qahwa-house'];
    const souq = brands['souq'];
    if (await one(em, `SELECT 1 FROM rewards WHERE title = 'Free flat white' AND brand_id = $1`, [qahwa])) return;
    const add = async (brandId: number | null, r: { kind: string; title: string; titleAr: string; description: string; descriptionAr: string; cost: number; stock: number; extra?: Record<string, string> }) => {
      const [x] = await rows<{ id: number }>(
        em,
        `INSERT INTO rewards (brand_id, kind, title, title_ar, description, description_ar, cost_points, stock, delivery_text, event_details, created_by_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        [brandId, r.kind, r.title, r.titleAr, r.description, r.descriptionAr, r.cost, r.stock, r.extra?.delivery ?? '', r.extra?.event ?? '', users['admin'] ?? null],
      );
      return x.id;
    };
    const coupon = await add(qahwa, {
      kind: 'coupon',
      title: 'Free flat white',
      titleAr: 'فلات وايت مجاناً',
      description: 'One flat white at any Qahwa House branch.',
      descriptionAr: 'كوب فلات وايت في أي فرع من بيت القهوة.',
      cost: 150,
      stock: 0,
    });
    const codes = Array.from({ length: 25 }, (_, i) => `QAHWA-FW-${String(i + 1).padStart(3, '0')}`);
    await em.query(`INSERT INTO reward_codes (reward_id, code) SELECT $1, unnest($2::varchar[])`, [coupon, codes]);
    await em.query(`UPDATE rewards SET stock = $2 WHERE id = $1`, [coupon, codes.length]);
    await add(qahwa, {
      kind: 'digital',
      title: 'Home brewing guide (e-book)',
      titleAr: 'دليل التحضير المنزلي (كتاب إلكتروني)',
      description: 'Our baristas’ guide to V60, AeroPress and Arabic coffee.',
      descriptionAr: 'دليل الباريستا للتحضير بالـV60 والأيروبرس والقهوة العربية.',
      cost: 80,
      stock: 500,
      extra: { delivery: 'https://example.com/qahwa/brewing-guide.pdf' },
    });
    await add(souq, {
      kind: 'physical',
      title: 'Souq tote bag',
      titleAr: 'حقيبة سوق القماشية',
      description: 'Organic cotton tote, shipped to your door.',
      descriptionAr: 'حقيبة من القطن العضوي تصلك إلى بابك.',
      cost: 400,
      stock: 40,
    });
    await add(qahwa, {
      kind: 'ticket',
      title: 'Cupping session ticket',
      titleAr: 'تذكرة جلسة تذوق',
      description: 'A seat at the monthly cupping in Riyadh.',
      descriptionAr: 'مقعد في جلسة التذوق الشهرية في الرياض.',
      cost: 250,
      stock: 12,
      extra: { event: 'Qahwa House Olaya, first Thursday 19:00' },
    });
    const [charity] = await rows<{ id: number }>(
      em,
      `INSERT INTO charities (name, name_ar, description, description_ar, registration_number, website)
       VALUES ('Food Bank Alliance', 'تحالف بنك الطعام', 'Meals for families in need.', 'وجبات للأسر المحتاجة.', 'NGO-2019-0042', 'https://example.org/foodbank') RETURNING id`,
    );
    const [campaign] = await rows<{ id: number }>(
      em,
      `INSERT INTO campaigns (charity_id, brand_id, title, title_ar, description, description_ar, currency, goal_minor, rate_minor, rate_points,
                              min_points, match_percent, match_cap_minor, created_by_id)
       VALUES ($1, $2, 'Ramadan meals', 'وجبات رمضان', 'Every 100 points buy 25 halalas of meals; Qahwa House matches 1:1 up to 5,000 SAR.',
               'كل ١٠٠ نقطة تعادل ٢٥ هللة من الوجبات؛ ويضاعفها بيت القهوة حتى ٥٠٠٠ ريال.', 'SAR', 2000000, 25, 100, 50, 100, 500000, $3) RETURNING id`,
      [charity.id, qahwa, users['manager.qahwa'] ?? null],
    );
    await em.query(`INSERT INTO campaign_pledges (campaign_id, action, amount_minor, cap_minor) VALUES ($1, 'event.checked_in', 500, 100000)`, [campaign.id]);
  },
};
