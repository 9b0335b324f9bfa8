import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiQuery, ApiTags } from '@nestjs/swagger';
import { UPLOAD_KINDS, type UploadDto, type UploadKind } from '@wala/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Member, Public } from '../common/access';
import type { AuthUser } from '../common/auth-context';
import { AppError, invalidFields } from '../common/errors';
import { ApiId, IdParam } from '../common/params';
import { RateLimitService } from '../common/rate-limit.service';
import { MAX_UPLOAD_BYTES, UploadsService } from './uploads.service';

@ApiTags('uploads')
@Controller('uploads')
export class UploadsController {
  constructor(
    private readonly uploads: UploadsService,
    private readonly limits: RateLimitService,
  ) {}

  @Post()
  @Member()
  @ApiConsumes('multipart/form-data')
  @ApiQuery({ name: 'kind', enum: UPLOAD_KINDS })
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  async upload(@CurrentUser() user: AuthUser, @Query('kind') kind: unknown, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<UploadDto> {
    if (typeof kind !== 'string' || !(UPLOAD_KINDS as readonly string[]).includes(kind)) {
      throw invalidFields([{ field: 'kind', code: 'isIn', params: { values: UPLOAD_KINDS.join(', ') } }]);
    }
    if (!req.isMultipart()) throw new AppError(415, 'errors.unsupported_media_type');
    await this.limits.consume('upload', String(user.id));
    const file = await req.file({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5 } });
    if (!file) throw new AppError(400, 'errors.upload.missing_file');
    let buf: Buffer;
    try {
      buf = await file.toBuffer();
    } catch {
      throw new AppError(413, 'errors.upload.too_large', { max: '5 MB' });
    }
    const dto = await this.uploads.store(user, kind as UploadKind, buf);
    reply.status(201);
    return dto;
  }

  @Get(':id')
  @Public()
  @ApiId()
  async read(@IdParam() id: number, @Res() reply: FastifyReply): Promise<void> {
    const f = await this.uploads.read(id);
    await reply
      .header('content-type', f.contentType)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('etag', `"${f.sha256}"`)
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(f.data);
  }
}
