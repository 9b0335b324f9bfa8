import { Controller, Get, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { MailDto, Page } from '@wala/contract';
import { DataSource } from 'typeorm';
import { Roles } from '../common/access';
import { clampLimit, decodeCursor, toPage } from '../common/params';
import { rows } from '../common/sql';

/** The development mailbox (and the outbox of sent mail): admins read what the platform sent. */
@ApiTags('admin')
@Controller('admin/mails')
export class MailController {
  constructor(private readonly ds: DataSource) {}

  @Get()
  @Roles('admin')
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  async list(@Query('to') to?: string, @Query('cursor') cursor?: string, @Query('limit') limit?: string): Promise<Page<MailDto>> {
    const n = clampLimit(limit);
    const cur = decodeCursor(cursor, ['number']);
    const found = await rows<{ id: number; to_address: string; subject: string; text: string; created_at: Date }>(
      this.ds,
      `SELECT id, to_address, subject, text, created_at FROM mails
        WHERE ($1::text IS NULL OR to_address = lower($1)) AND ($2::bigint IS NULL OR id < $2)
        ORDER BY id DESC LIMIT $3`,
      [typeof to === 'string' ? to : null, cur?.[0] ?? null, n + 1],
    );
    return toPage(found, n, (m) => ({ id: m.id, to: m.to_address, subject: m.subject, text: m.text, createdAt: m.created_at.toISOString() }), (m) => [m.id]);
  }
}
