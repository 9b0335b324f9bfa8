import { Body, Controller, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AttendeeDto, CheckInCodeDto, EventDto, Page, RsvpResultDto } from '@wala/contract';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Member, OptionalUser, Public } from '../../common/access';
import type { AuthUser } from '../../common/auth-context';
import { ApiId, IdParam, clampLimit } from '../../common/params';
import { optionalId, optionalOneOf } from '../engagement-params';
import { CancelDto } from '../engagement.dto';
import { CheckInDto, CreateEventDto, RsvpDto, UpdateEventDto } from './event.dto';
import { EVENT_LIST_WHEN, EventsService } from './events.service';

@ApiTags('events')
@Controller()
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get('events')
  @Public()
  @ApiQuery({ name: 'brandId', required: false })
  @ApiQuery({ name: 'when', required: false, enum: EVENT_LIST_WHEN, description: 'upcoming (default): not ended yet, soonest first; past: ended, latest first; all: every event, earliest first' })
  @ApiQuery({ name: 'past', required: false, description: 'deprecated, 1: the same as when=all' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  list(
    @OptionalUser() user: AuthUser | null,
    @Query('brandId') brandId?: string,
    @Query('when') when?: string,
    @Query('past') past?: string,
    @Query('cursor') cursor?: string,
    @Query('limit') limit?: string,
  ): Promise<Page<EventDto>> {
    return this.events.list(user, {
      brandId: optionalId(brandId, 'brandId'),
      when: optionalOneOf(when, 'when', EVENT_LIST_WHEN) ?? (past === '1' ? 'all' : 'upcoming'),
      cursor,
      limit: clampLimit(limit),
    });
  }

  @Post('events')
  @Member()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateEventDto): Promise<EventDto> {
    return this.events.create(user, dto);
  }

  @Get('events/:id')
  @Public()
  @ApiId()
  get(@OptionalUser() user: AuthUser | null, @IdParam() id: number): Promise<EventDto> {
    return this.events.get(user, id);
  }

  @Patch('events/:id')
  @Member()
  @ApiId()
  update(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: UpdateEventDto): Promise<EventDto> {
    return this.events.update(user, id, dto);
  }

  @Post('events/:id/cancel')
  @Member()
  @HttpCode(200)
  @ApiId()
  cancel(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: CancelDto): Promise<EventDto> {
    return this.events.cancel(user, id, dto.reason);
  }

  @Post('events/:id/rsvp')
  @Member()
  @HttpCode(200)
  @ApiId()
  rsvp(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: RsvpDto): Promise<RsvpResultDto> {
    return this.events.rsvp(user, id, dto.status);
  }

  @Get('events/:id/ics')
  @Public()
  @ApiId()
  @ApiProduces('text/calendar')
  async ics(@IdParam() id: number, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const body = await this.events.ics(id);
    void reply.header('content-type', 'text/calendar; charset=utf-8').header('content-disposition', `attachment; filename="event-${id}.ics"`);
    return body;
  }

  @Get('events/:id/check-in-code')
  @Member()
  @ApiId()
  code(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<CheckInCodeDto> {
    return this.events.currentCode(user, id);
  }

  @Post('events/:id/check-in')
  @Member()
  @HttpCode(200)
  @ApiId()
  checkIn(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: CheckInDto): Promise<{ checkedIn: true; points: number }> {
    return this.events.checkIn(user, id, dto.code);
  }

  @Get('events/:id/attendees')
  @Member()
  @ApiId()
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  attendees(@CurrentUser() user: AuthUser, @IdParam() id: number, @Query('cursor') cursor?: string, @Query('limit') limit?: string): Promise<Page<AttendeeDto>> {
    return this.events.attendees(user, id, { cursor, limit: clampLimit(limit) });
  }

  @Get('events/:id/attendees.csv')
  @Member()
  @ApiId()
  @ApiProduces('text/csv')
  async csv(@CurrentUser() user: AuthUser, @IdParam() id: number, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const body = await this.events.attendeesCsv(user, id);
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="event-${id}-attendees.csv"`);
    return body;
  }
}
