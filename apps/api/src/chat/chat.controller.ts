import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { ChatChannel, ChatHistory, ChatMessage, ChatMute, ChatPerson, ChatPresence, Page } from '@wala/contract';
import { CurrentUser, Member } from '../common/access';
import type { AuthUser } from '../common/auth-context';
import { ApiId, IdParam, clampLimit } from '../common/params';
import { Db } from '../database/db.service';
import { PresenceService } from '../realtime/presence.service';
import {
  CreateChannelDto,
  EditMessageBodyDto,
  MarkReadBodyDto,
  MuteDto,
  SendMessageBodyDto,
  UpdateChannelDto,
  UserRefDto,
} from './chat.dto';
import { ChatService } from './chat.service';

@ApiTags('chat')
@Controller('chat')
export class ChatController {
  constructor(
    private readonly chat: ChatService,
    private readonly presence: PresenceService,
    private readonly db: Db,
  ) {}

  @Get('channels')
  @Member()
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  channels(@CurrentUser() user: AuthUser, @Query('cursor') cursor?: string, @Query('limit') limit?: string): Promise<Page<ChatChannel>> {
    return this.chat.listChannels(user, { cursor, limit: clampLimit(limit, 100) });
  }

  @Post('channels')
  @Member()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateChannelDto): Promise<ChatChannel> {
    return this.chat.createChannel(user, dto);
  }

  @Get('channels/:id')
  @Member()
  @ApiId()
  channel(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<ChatChannel> {
    return this.chat.getChannel(user, id);
  }

  @Patch('channels/:id')
  @Member()
  @ApiId()
  update(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: UpdateChannelDto): Promise<ChatChannel> {
    return this.chat.updateChannel(user, id, dto);
  }

  @Get('channels/:id/messages')
  @Member()
  @ApiId()
  @ApiQuery({ name: 'cursor', required: false, description: 'older than this page (newest first)' })
  @ApiQuery({ name: 'limit', required: false })
  messages(
    @CurrentUser() user: AuthUser,
    @IdParam() id: number,
    @Query('cursor') cursor?: string,
    @Query('limit') limit?: string,
  ): Promise<Page<ChatMessage>> {
    return this.chat.historyPage(user, id, { cursor, limit: clampLimit(limit, 50) });
  }

  @Get('channels/:id/messages/since')
  @Member()
  @ApiId()
  @ApiQuery({ name: 'after', required: true, description: 'the last message id the client has; answers newer ones, oldest first' })
  @ApiQuery({ name: 'limit', required: false })
  since(
    @CurrentUser() user: AuthUser,
    @IdParam() id: number,
    @Query('after') after?: string,
    @Query('limit') limit?: string,
  ): Promise<ChatHistory> {
    const from = typeof after === 'string' && /^\d{1,15}$/.test(after) ? Number(after) : 0;
    return this.chat.history(user, { channelId: id, after: from, limit: clampLimit(limit, 100) });
  }

  @Post('channels/:id/messages')
  @Member()
  @ApiId()
  send(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: SendMessageBodyDto): Promise<ChatMessage> {
    return this.chat.send(user, { ...dto, channelId: id });
  }

  @Post('channels/:id/read')
  @Member()
  @ApiId()
  @HttpCode(200)
  read(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: MarkReadBodyDto): Promise<{ unread: number }> {
    return this.chat.markRead(user, id, dto.messageId);
  }

  @Get('channels/:id/presence')
  @Member()
  @ApiId()
  async presenceOf(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<ChatPresence> {
    await this.chat.access(this.db.ds, user, id);
    return this.chat.presenceOf(id, await this.chat.people(await this.presence.userIds(`channel:${id}`)));
  }

  @Get('channels/:id/mutes')
  @Member()
  @ApiId()
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  mutes(@CurrentUser() user: AuthUser, @IdParam() id: number, @Query('cursor') cursor?: string, @Query('limit') limit?: string): Promise<Page<ChatMute>> {
    return this.chat.mutes(user, id, { cursor, limit: clampLimit(limit, 100) });
  }

  @Post('channels/:id/mutes')
  @Member()
  @ApiId()
  @HttpCode(200)
  mute(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: MuteDto): Promise<{ userId: number; until: string }> {
    return this.chat.mute(user, id, dto);
  }

  @Delete('channels/:id/mutes/:userId')
  @Member()
  @ApiId()
  @ApiId('userId')
  @HttpCode(204)
  async unmute(@CurrentUser() user: AuthUser, @IdParam() id: number, @IdParam('userId') userId: number): Promise<void> {
    await this.chat.unmute(user, id, userId);
  }

  @Patch('messages/:id')
  @Member()
  @ApiId()
  edit(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: EditMessageBodyDto): Promise<ChatMessage> {
    return this.chat.edit(user, id, dto.body);
  }

  @Delete('messages/:id')
  @Member()
  @ApiId()
  remove(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<ChatMessage> {
    return this.chat.remove(user, id);
  }

  @Post('direct')
  @Member()
  @HttpCode(200)
  direct(@CurrentUser() user: AuthUser, @Body() dto: UserRefDto): Promise<ChatChannel> {
    return this.chat.openDirect(user, dto.userId);
  }

  @Get('blocks')
  @Member()
  blocks(@CurrentUser() user: AuthUser): Promise<ChatPerson[]> {
    return this.chat.blocks(user);
  }

  @Post('blocks')
  @Member()
  @HttpCode(204)
  async block(@CurrentUser() user: AuthUser, @Body() dto: UserRefDto): Promise<void> {
    await this.chat.block(user, dto.userId);
  }

  @Delete('blocks/:userId')
  @Member()
  @ApiId('userId')
  @HttpCode(204)
  async unblock(@CurrentUser() user: AuthUser, @IdParam('userId') userId: number): Promise<void> {
    await this.chat.unblock(user, userId);
  }
}
