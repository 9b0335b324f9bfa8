import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { NotificationDto, Page } from '@wala/contract';
import { CurrentUser, Member } from '../common/access';
import type { AuthUser } from '../common/auth-context';
import { ApiId, IdParam, clampLimit } from '../common/params';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Member()
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'unread', required: false, description: '1: unread only' })
  list(@CurrentUser() user: AuthUser, @Query('cursor') cursor?: string, @Query('limit') limit?: string, @Query('unread') unread?: string): Promise<Page<NotificationDto>> {
    return this.notifications.list(user.id, { cursor, limit: clampLimit(limit), unreadOnly: unread === '1' || unread === 'true' });
  }

  @Get('unread-count')
  @Member()
  async unreadCount(@CurrentUser() user: AuthUser): Promise<{ count: number }> {
    return { count: await this.notifications.unreadCount(user.id) };
  }

  @Post(':id/read')
  @Member()
  @HttpCode(204)
  @ApiId()
  async read(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<void> {
    await this.notifications.markRead(user.id, id);
  }

  @Post('read-all')
  @Member()
  async readAll(@CurrentUser() user: AuthUser): Promise<{ marked: number }> {
    return { marked: await this.notifications.markAllRead(user.id) };
  }
}
