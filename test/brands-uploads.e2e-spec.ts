import sharp from 'sharp';
import { startApp, type TestApp } from './support/app';
import { anonymous, makeBrand, makeMember } from './support/factories';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

const png = (w: number, h: number) => sharp({ create: { width: w, height: h, channels: 3, background: '#0f766e' } }).png().toBuffer();
function form(bytes: Buffer, name = 'image.png', type = 'image/png') {
  const f = new FormData();
  f.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  return f;
}

describe('uploads', () => {
  it('accepts an image, re-encodes and resizes it, and serves it to everyone', async () => {
    const m = await makeMember(app);
    const up = await m.api.post('/uploads?kind=avatar', form(await png(800, 600)));
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ kind: 'avatar', width: 256, height: 256, contentType: 'image/webp' });
    const res = await fetch(app.url + up.body.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/webp');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 256, height: 256 });
    const me = await m.api.patch('/me', { avatarUploadId: up.body.id });
    expect(me.body.avatarUrl).toBe(up.body.url);
  });

  it('refuses SVG and non-images by their content, whatever the name and type claim', async () => {
    const m = await makeMember(app);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>');
    const a = await m.api.post('/uploads?kind=avatar', form(svg, 'cat.png', 'image/png'));
    expect(a.status).toBe(415);
    expect(a.body.code).toBe('upload.svg_refused');
    const b = await m.api.post('/uploads?kind=avatar', form(Buffer.from('#!/bin/sh\necho hi'), 'cat.jpg', 'image/jpeg'));
    expect(b.status).toBe(415);
    expect(b.body.code).toBe('upload.not_image');
  });

  it('keeps each kind to those who may use it', async () => {
    const m = await makeMember(app);
    expect((await m.api.post('/uploads?kind=badge-icon', form(await png(64, 64)))).status).toBe(403);
    expect((await m.api.post('/uploads?kind=brand-logo', form(await png(64, 64)))).status).toBe(403);
    expect((await m.api.post('/uploads?kind=nonsense', form(await png(64, 64)))).status).toBe(400);
    expect((await anonymous(app).post('/uploads?kind=avatar', form(await png(64, 64)))).status).toBe(401);
    const other = await makeMember(app);
    const up = await other.api.post('/uploads?kind=avatar', form(await png(64, 64)));
    // someone else's upload cannot become my avatar
    expect((await m.api.patch('/me', { avatarUploadId: up.body.id })).status).toBe(400);
  });
});

describe('brands', () => {
  it('lets an admin create a brand and appoint a manager, who then edits only that brand', async () => {
    const admin = await makeMember(app, { role: 'admin' });
    const manager = await makeMember(app);
    const created = await admin.api.post('/admin/brands', { slug: 'qahwa', name: 'Qahwa', nameAr: 'قهوة', links: [{ label: 'Site', url: 'https://qahwa.example' }] });
    expect(created.status).toBe(201);
    expect((await admin.api.post('/admin/brands', { slug: 'qahwa', name: 'Again', nameAr: 'مجددًا' })).status).toBe(409);
    const bad = await admin.api.post('/admin/brands', { slug: 'Bad Slug!', name: 'x', nameAr: 'x', links: [{ label: 'x', url: 'javascript:alert(1)' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['links.0.url', 'slug']);

    const id = created.body.id;
    expect((await admin.api.post(`/admin/brands/${id}/managers`, { userId: manager.id })).body).toEqual([
      { userId: manager.id, displayName: manager.displayName, role: 'manager' },
    ]);
    expect((await manager.api.get('/me')).body.brands).toEqual([{ brandId: id, brandSlug: 'qahwa', brandName: 'Qahwa', role: 'manager' }]);
    const edit = await manager.api.patch(`/brands/${id}`, { descriptionAr: 'أفضل قهوة' });
    expect(edit.status).toBe(200);
    expect(edit.body.descriptionAr).toBe('أفضل قهوة');

    const otherBrand = await makeBrand(app);
    expect((await manager.api.patch(`/brands/${otherBrand.id}`, { name: 'Hijacked' })).status).toBe(404);
    expect((await (await makeMember(app)).api.patch(`/brands/${id}`, { name: 'Hijacked' })).status).toBe(404);
    expect((await manager.api.post(`/admin/brands/${id}/managers`, { userId: manager.id })).status).toBe(403);
    expect((await anonymous(app).get('/brands/qahwa')).body.name).toBe('Qahwa');
  });
});
