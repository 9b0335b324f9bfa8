import { Controller, Get, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Page } from '@wala/contract';
import { DataSource } from 'typeorm';
import { Roles } from '../common/access';
import { clampLimit, decodeCursor, toPage } from '../common/params';
import { rows } from '../common/sql';

export interface AuditEntryDto {
  id: number;
  actorId: number | null;
  actorName: string | null;
  action: string;
  targetType: string;
  targetId: number | null;
  reason: string;
  data: Record<string, unknown>;
  createdAt: string;
}

@ApiTags('admin')
@Controller('admin/audit')
export class AuditController {
  constructor(private readonly ds: DataSource) {}

  @Get()
  @Roles('admin')
  @ApiQuery({ name: 'action', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  async list(@Query('action') action?: string, @Query('cursor') cursor?: string, @Query('limit') limit?: string): Promise<Page<AuditEntryDto>> {
    const n = clampLimit(limit);
    const cur = decodeCursor(cursor, ['number']);
    const found = await rows<AuditEntryDto>(
      this.ds,
      `SELECT a.id, a.actor_id AS "actorId", u.display_name AS "actorName", a.action, a.target_type AS "targetType",
              a.target_id AS "targetId", a.reason, a.data, a.created_at AS "createdAt"
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
        WHERE ($1::text IS NULL OR a.action LIKE $1 || '%') AND ($2::bigint IS NULL OR a.id < $2)
        ORDER BY a.id DESC LIMIT $3`,
      [typeof action === 'string' ? action.slice(0, 64) : null, cur?.[0] ?? null, n + 1],
    );
    return toPage(found, n, (a) => ({ ...a, createdAt: new Date(a.createdAt).toISOString() }), (a) => [a.id]);
  }
}
