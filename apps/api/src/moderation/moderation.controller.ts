import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { ApprovalDto, Page, ReportDto, SuspensionDto, WordFilterDto } from '@wala/contract';
import { CurrentUser, Member, Roles } from '../common/access';
import type { AuthUser } from '../common/auth-context';
import { ApiId, IdParam, clampLimit } from '../common/params';
import { queryOneOf } from '../forum/forum.controller';
import { LockDto, MoveDto, PinDto, ReasonDto, ReportDtoIn, ResolveReportDto, SuspendDto, WordFilterIn } from '../forum/forum.dto';
import { ModerationService } from './moderation.service';

@ApiTags('moderation')
@Controller()
export class ModerationController {
  constructor(private readonly mod: ModerationService) {}

  @Post('forum/posts/:id/reports')
  @Member()
  @ApiId()
  report(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: ReportDtoIn): Promise<{ reported: true }> {
    return this.mod.report(user, id, dto);
  }

  @Get('forum/moderation/reports')
  @Member()
  @ApiQuery({ name: 'status', required: false, enum: ['open', 'resolved', 'dismissed'] })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  reports(@CurrentUser() user: AuthUser, @Query('status') status?: string, @Query('cursor') cursor?: string, @Query('limit') limit?: string): Promise<Page<ReportDto>> {
    return this.mod.reports(user, queryOneOf('status', status, ['open', 'resolved', 'dismissed'] as const, 'open'), cursor, clampLimit(limit));
  }

  @Post('forum/moderation/reports/:id/resolve')
  @Member()
  @HttpCode(200)
  @ApiId()
  resolve(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: ResolveReportDto): Promise<{ resolved: number }> {
    return this.mod.resolve(user, id, dto);
  }

  @Post('forum/posts/:id/hide')
  @Member()
  @HttpCode(204)
  @ApiId()
  async hide(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: ReasonDto): Promise<void> {
    await this.mod.hide(user, id, dto.reason);
  }

  @Post('forum/posts/:id/restore')
  @Member()
  @HttpCode(204)
  @ApiId()
  async restore(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: ReasonDto): Promise<void> {
    await this.mod.restore(user, id, dto.reason);
  }

  @Post('forum/topics/:id/lock')
  @Member()
  @HttpCode(204)
  @ApiId()
  async lock(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: LockDto): Promise<void> {
    await this.mod.setFlag(user, id, 'locked', dto.locked, dto.reason);
  }

  @Post('forum/topics/:id/pin')
  @Member()
  @HttpCode(204)
  @ApiId()
  async pin(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: PinDto): Promise<void> {
    await this.mod.setFlag(user, id, 'pinned', dto.pinned, dto.reason);
  }

  @Post('forum/topics/:id/move')
  @Member()
  @HttpCode(204)
  @ApiId()
  async move(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: MoveDto): Promise<void> {
    await this.mod.move(user, id, dto);
  }

  @Get('forum/moderation/approvals')
  @Member()
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  approvals(@CurrentUser() user: AuthUser, @Query('cursor') cursor?: string, @Query('limit') limit?: string): Promise<Page<ApprovalDto>> {
    return this.mod.approvals(user, cursor, clampLimit(limit));
  }

  @Post('forum/moderation/approvals/:id/approve')
  @Member()
  @HttpCode(204)
  @ApiId()
  async approve(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: ReasonDto): Promise<void> {
    await this.mod.decide(user, id, true, dto.reason);
  }

  @Post('forum/moderation/approvals/:id/reject')
  @Member()
  @HttpCode(204)
  @ApiId()
  async reject(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: ReasonDto): Promise<void> {
    await this.mod.decide(user, id, false, dto.reason);
  }

  @Post('forum/moderation/users/:id/suspend')
  @Roles('moderator', 'admin')
  @HttpCode(200)
  @ApiId()
  suspend(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: SuspendDto): Promise<SuspensionDto> {
    return this.mod.suspend(user, id, dto);
  }

  @Delete('forum/moderation/users/:id/suspension')
  @Roles('moderator', 'admin')
  @ApiId()
  unsuspend(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<SuspensionDto> {
    return this.mod.unsuspend(user, id);
  }

  @Get('forum/moderation/word-filters')
  @Roles('moderator', 'admin')
  words(): Promise<WordFilterDto[]> {
    return this.mod.words();
  }

  @Post('forum/moderation/word-filters')
  @Roles('moderator', 'admin')
  addWord(@CurrentUser() user: AuthUser, @Body() dto: WordFilterIn): Promise<WordFilterDto> {
    return this.mod.addWord(user, dto);
  }

  @Delete('forum/moderation/word-filters/:id')
  @Roles('moderator', 'admin')
  @HttpCode(204)
  @ApiId()
  async removeWord(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<void> {
    await this.mod.removeWord(user, id);
  }
}
