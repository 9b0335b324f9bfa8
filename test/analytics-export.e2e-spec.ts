import { Db } from '../apps/api/src/database/db.service';
import { parseCsv } from '@wala/contract';
import { publishAt, publishPost, settle } from './support/analytics';
import { startApp, type TestApp } from './support/app';
import { twoBrands } from './support/engagement';
import { anonymous, makeMember, type Member } from './support/factories';

/*
 * The CSV export of the analytics dashboard against the JSON routes for the same range: a few
 * members and facts in the community and in brand X (whose name is a formula, as a manager
 * could type it).
 */
let app: TestApp;
let admin: Member;
/** brand X's manager, who reads Arabic */
let managerX: Member;
let managerY: Member;
let brandX: number;
const range = 'from=2025-01-01&to=2025-03-31';
const at = (day: string) => `${day}T12:00:00Z`;

beforeAll(async () => {
  app = await startApp();
  admin = await makeMember(app, { role: 'admin' });
  const two = await twoBrands(app);
  [managerX, managerY, brandX] = [two.manager, two.otherManager, two.brand.id];
  expect((await managerX.api.patch('/me', { locale: 'ar' })).status).toBe(200);
  await app.get(Db).ds.query(`UPDATE brands SET name = $2, name_ar = $3 WHERE id = $1`, [brandX, '=HYPERLINK("http://evil.example")', '@SUM(1+1)']);

  const ids: number[] = [];
  for (const day of ['2025-01-05', '2025-01-20', '2025-02-03']) {
    const id = (await makeMember(app)).id;
    ids.push(id);
    await publishAt(app, at(day), 'member.registered', { userId: id, referredById: null });
  }
  const post = (who: number, day: string, brandId: number | null) => publishPost(app, at(day), who, brandId);
  await post(ids[0], '2025-01-15', brandX);
  await post(ids[0], '2025-02-15', brandX);
  await post(ids[1], '2025-03-02', null);
  await post(ids[2], '2025-03-05', brandX);
  const entry = (entryId: number, who: number, kind: string, delta: number, brandId: number | null, day: string) =>
    publishAt(app, at(day), 'points.entry', { userId: who, entryId, kind, delta, pendingDelta: 0, brandId, at: at(day) });
  await entry(910001, ids[0], 'award', 100, brandX, '2025-01-10');
  await entry(910002, ids[0], 'spend', -30, brandX, '2025-02-02');
  await entry(910003, ids[1], 'award', 40, null, '2025-02-05');
  await publishAt(app, at('2025-03-03'), 'donation.made', {
    donationId: 1,
    campaignId: 1,
    userId: ids[0],
    points: 30,
    amountMinor: 300,
    currency: 'SAR',
    brandId: brandX,
  });
  await settle(app);
  const imported = await admin.api.post('/analytics/purchases', {
    purchases: [
      { member: String(ids[0]), amountMinor: 1250, currency: 'SAR', date: '2025-01-10', brandId: brandX },
      { member: String(ids[0]), amountMinor: 750, currency: 'SAR', date: '2025-03-10', brandId: brandX },
      { member: String(ids[1]), amountMinor: 500, currency: 'USD', date: '2025-02-10' },
    ],
  });
  expect(imported.body).toMatchObject({ imported: 3 });
});
afterAll(async () => {
  await app?.close();
});

/** The two sections of an export: figures by key and period, and the cohort grid. */
function sections(text: string) {
  const all = parseCsv(text);
  const blank = all.findIndex((r) => r.length === 1 && r[0] === '');
  const [head, ...figures] = all.slice(0, blank);
  expect(head).toEqual(['key', 'label', 'value', 'previous', 'unit', 'period']);
  const byKey = new Map(figures.map((r) => [`${r[0]} ${r[5]}`, r]));
  return { figures, byKey, grid: all.slice(blank + 1) };
}

const cell = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));

/** Every figure of the export is the JSON dashboard's for the same range and scope. */
async function expectSameAsDashboard(who: Member, query: string, grain: 'week' | 'month' = 'month') {
  const [d, cohorts, cltv, res] = await Promise.all([
    who.api.get(`/analytics/overview?${query}&grain=${grain}`),
    who.api.get(`/analytics/cohorts?${query}`),
    who.api.get(`/analytics/cltv?${query}`),
    who.api.get(`/analytics/export.csv?${query}&grain=${grain}`),
  ]);
  expect([d.status, cohorts.status, cltv.status, res.status]).toEqual([200, 200, 200, 200]);
  const { byKey, grid } = sections(res.text);
  const span = `${d.body.from}/${d.body.to}`;
  const summaryKeys = ['averageDau', 'averageWau', 'averageMau', 'newMembers', 'nps', 'npsResponses', 'csatAverage', 'csatSatisfied', 'challengeJoins', 'eventRsvps', 'rsvpAttendanceRate', 'donatedPoints'];
  for (const k of summaryKeys) expect([k, ...byKey.get(`${k} ${span}`)!.slice(2, 4)]).toEqual([k, cell(d.body.summary[k]), cell(d.body.previous[k])]);
  for (const k of ['issued', 'redeemed', 'donated', 'expired', 'outstanding', 'redemptionRate'])
    expect([k, ...byKey.get(`points.${k} ${span}`)!.slice(2, 4)]).toEqual([k, cell(d.body.summary.points[k]), cell(d.body.previous.points[k])]);
  for (const c of d.body.summary.charity) {
    expect(byKey.get(`charity.${c.currency}.amountMinor ${span}`)!.slice(2, 5)).toEqual([String(c.amountMinor), '', `minor ${c.currency}`]);
    expect(byKey.get(`charity.${c.currency}.donations ${span}`)![2]).toBe(String(c.donations));
  }
  expect(cltv.body.length).toBeGreaterThan(0);
  for (const c of cltv.body)
    for (const k of ['purchases', 'customers', 'revenueMinor', 'averagePurchaseMinor', 'purchaseFrequency', 'averageLifespan', 'cltvMinor'])
      expect([k, byKey.get(`cltv.${c.currency}.${k} ${span}`)![2]]).toEqual([k, String(c[k])]);
  // each period as an ISO interval: a Monday-to-Sunday week or a calendar month
  const end = (p: string) => (grain === 'week' ? new Date(Date.parse(`${p}T00:00:00Z`) + 6 * 86_400_000) : new Date(Date.UTC(+p.slice(0, 4), +p.slice(5, 7), 0)));
  expect(d.body.retention.length).toBeGreaterThan(1);
  for (const r of d.body.retention as (Record<string, number | null> & { period: string })[])
    for (const k of ['retentionRate', 'crr', 'churnRate', 'participantRetention', 'chatParticipation'])
      expect([k, byKey.get(`retention.${k} ${r.period}/${end(r.period).toISOString().slice(0, 10)}`)![2]]).toEqual([k, cell(r[k])]);
  const width = Math.max(0, ...cohorts.body.cohorts.map((c: { rates: number[] }) => c.rates.length));
  expect(grid[0]).toEqual(['cohort', 'size', ...Array.from({ length: width }, (_, i) => `month_${i}`)]);
  expect(grid.slice(1)).toEqual(
    cohorts.body.cohorts.map((c: { cohort: string; size: number; rates: (number | null)[] }) => [
      c.cohort,
      String(c.size),
      ...Array.from({ length: width }, (_, i) => cell(c.rates[i])),
    ]),
  );
  return { d: d.body, res, byKey };
}

it("exports the community dashboard as a UTF-8 CSV with a byte-order mark, figures equal to the JSON routes'", async () => {
  const { d, res, byKey } = await expectSameAsDashboard(admin, range);
  expect(byKey.get('retention.crr 2025-02-01/2025-02-28')).toBeDefined();
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(res.headers.get('content-disposition')).toBe('attachment; filename="analytics-community-2025-01-01-2025-03-31.csv"');
  expect(d.summary.points.issued).toBe(140);
  expect(byKey.get('scope 2025-01-01/2025-03-31')!.slice(1, 3)).toEqual(['Figures for', 'The whole community']);
  expect(byKey.get('points.issued 2025-01-01/2025-03-31')!.slice(1)).toEqual(['Points issued', '140', '0', 'points', '2025-01-01/2025-03-31']);
  // fetch's text() drops the mark; the bytes keep it
  const raw = await fetch(`${app.url}/api/v1/analytics/export.csv?${range}`, { headers: { authorization: `Bearer ${admin.api.bearer}` } });
  expect([...new Uint8Array(await raw.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
});

it('labels figures in the reader\'s language and takes weekly periods', async () => {
  const { res } = await expectSameAsDashboard(managerX, `from=2025-01-06&to=2025-01-19&brandId=${brandX}`, 'week');
  const rows = parseCsv(res.text);
  expect(rows.find((r) => r[0] === 'points.issued')![1]).toBe('نقاط ممنوحة');
  expect(rows.filter((r) => r[0] === 'retention.crr').map((r) => r[5])).toEqual(['2025-01-06/2025-01-12', '2025-01-13/2025-01-19']);
});

it("shows a brand manager their brand's figures only, and the dashboard's 404 for any other scope", async () => {
  await expectSameAsDashboard(managerX, `${range}&brandId=${brandX}`);
  const res = await managerX.api.get(`/analytics/export.csv?${range}&brandId=${brandX}`);
  expect(res.headers.get('content-disposition')).toBe(`attachment; filename="analytics-brand-${brandX}-2025-01-01-2025-03-31.csv"`);
  // X's points only: the award and the spend, not the community's 40
  expect(parseCsv(res.text).find((r) => r[0] === 'points.issued')![2]).toBe('100');
  await expectSameAsDashboard(admin, `${range}&brandId=${brandX}`);

  expect((await managerY.api.get(`/analytics/export.csv?${range}&brandId=${brandX}`)).status).toBe(404);
  expect((await managerX.api.get(`/analytics/export.csv?${range}`)).status).toBe(404);
  const plain = await makeMember(app);
  expect((await plain.api.get(`/analytics/export.csv?${range}`)).status).toBe(404);
  expect((await anonymous(app).get(`/analytics/export.csv?${range}`)).status).toBe(401);
  expect((await admin.api.get('/analytics/export.csv?from=2025-03-01&to=2025-02-01')).status).toBe(400);
});

it('writes text a spreadsheet would run as a formula with a leading apostrophe', async () => {
  const en = parseCsv((await admin.api.get(`/analytics/export.csv?${range}&brandId=${brandX}`)).text);
  expect(en.find((r) => r[0] === 'scope')![2]).toBe('\'=HYPERLINK("http://evil.example")');
  const ar = parseCsv((await managerX.api.get(`/analytics/export.csv?${range}&brandId=${brandX}`)).text);
  expect(ar.find((r) => r[0] === 'scope')!.slice(1, 3)).toEqual(['الأرقام الخاصة بـ', "'@SUM(1+1)"]);
  // no cell of either export starts a formula unguarded (numbers are written as numbers)
  for (const r of [...en, ...ar]) for (const c of r) expect(/^[=+@\t\r]/.test(c) || (/^-/.test(c) && Number.isNaN(Number(c)))).toBe(false);
});
