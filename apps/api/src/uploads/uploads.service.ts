import { Injectable } from '@nestjs/common';
import type { UploadDto, UploadKind } from '@wala/contract';
import sharp from 'sharp';
import type { AuthUser } from '../common/auth-context';
import { sha256Hex } from '../common/crypto';
import { AppError, forbidden, notFound } from '../common/errors';
import { one, rows } from '../common/sql';
import { Db } from '../database/db.service';
import { uploadUrl } from '../identity/user.mapper';

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif']);

/** Output box per kind: avatars are cropped squares, the rest fit inside the box. */
const SHAPES: Record<UploadKind, { w: number; h: number; fit: 'cover' | 'inside' }> = {
  avatar: { w: 256, h: 256, fit: 'cover' },
  'brand-logo': { w: 512, h: 512, fit: 'inside' },
  'badge-icon': { w: 256, h: 256, fit: 'inside' },
  'reward-image': { w: 1200, h: 1200, fit: 'inside' },
};

function mayUpload(user: AuthUser, kind: UploadKind): boolean {
  switch (kind) {
    case 'avatar':
      return true;
    case 'badge-icon':
      return user.role === 'admin';
    case 'brand-logo':
    case 'reward-image':
      return user.role === 'admin' || user.managedBrandIds.length > 0;
  }
}

/** Looks at the bytes, not the file name or the claimed type. */
export function sniff(buf: Buffer): 'svg' | 'other' {
  const head = buf.subarray(0, 512).toString('utf8').trimStart().toLowerCase();
  if (head.startsWith('<?xml') || head.startsWith('<svg') || head.includes('<svg')) return 'svg';
  return 'other';
}

@Injectable()
export class UploadsService {
  constructor(private readonly db: Db) {}

  /**
   * Checks an image by its content (SVG refused: it can carry script), decodes it with a pixel
   * limit (no decompression bombs), re-encodes it as WebP without metadata (no EXIF location)
   * and stores it in PostgreSQL, where every API node can read it.
   */
  async store(user: AuthUser, kind: UploadKind, input: Buffer): Promise<UploadDto> {
    if (!mayUpload(user, kind)) throw forbidden();
    if (sniff(input) === 'svg') throw new AppError(415, 'errors.upload.svg_refused');
    let format: string | undefined;
    try {
      format = (await sharp(input, { limitInputPixels: 40_000_000 }).metadata()).format;
    } catch {
      throw new AppError(415, 'errors.upload.not_image');
    }
    if (!format || format === 'svg') throw new AppError(415, format === 'svg' ? 'errors.upload.svg_refused' : 'errors.upload.not_image');
    if (!ACCEPTED.has(format)) throw new AppError(415, 'errors.upload.not_image');
    const shape = SHAPES[kind];
    let out: { data: Buffer; info: sharp.OutputInfo };
    try {
      out = await sharp(input, { limitInputPixels: 40_000_000, animated: false })
        .rotate()
        .resize(shape.w, shape.h, { fit: shape.fit, withoutEnlargement: shape.fit === 'inside' })
        .webp({ quality: 82 })
        .toBuffer({ resolveWithObject: true });
    } catch {
      throw new AppError(415, 'errors.upload.not_image');
    }
    const [row] = await rows<{ id: number }>(
      this.db.ds,
      `INSERT INTO uploads (owner_id, kind, content_type, width, height, bytes, sha256, data)
       VALUES ($1, $2, 'image/webp', $3, $4, $5, $6, $7) RETURNING id`,
      [user.id, kind, out.info.width, out.info.height, out.data.length, sha256Hex(out.data), out.data],
    );
    return {
      id: row.id,
      url: uploadUrl(row.id)!,
      kind,
      width: out.info.width,
      height: out.info.height,
      bytes: out.data.length,
      contentType: 'image/webp',
    };
  }

  async read(id: number): Promise<{ data: Buffer; contentType: string; sha256: string }> {
    const r = await one<{ data: Buffer; content_type: string; sha256: string }>(
      this.db.ds,
      `SELECT data, content_type, sha256 FROM uploads WHERE id = $1`,
      [id],
    );
    if (!r) throw notFound();
    return { data: r.data, contentType: r.content_type, sha256: r.sha256 };
  }
}
