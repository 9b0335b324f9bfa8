import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { GiveawayDto, GiveawayEntryReceiptDto, GiveawayProof, GiveawayVerification, Page } from '@wala/contract';
import { CurrentUser, Member, OptionalUser, Public } from '../../common/access';
import type { AuthUser } from '../../common/auth-context';
import { ApiId, IdParam, clampLimit } from '../../common/params';
import { optionalId } from '../engagement-params';
import { CancelDto } from '../engagement.dto';
import { CreateGiveawayDto, EnterGiveawayDto, UpdateGiveawayDto } from './giveaway.dto';
import { GiveawaysService } from './giveaways.service';

@ApiTags('giveaways')
@Controller()
export class GiveawaysController {
  constructor(private readonly giveaways: GiveawaysService) {}

  @Get('giveaways')
  @Public()
  @ApiQuery({ name: 'brandId', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  list(@OptionalUser() user: AuthUser | null, @Query('brandId') brandId?: string, @Query('cursor') cursor?: string, @Query('limit') limit?: string): Promise<Page<GiveawayDto>> {
    return this.giveaways.list(user, { brandId: optionalId(brandId, 'brandId'), cursor, limit: clampLimit(limit) });
  }

  @Post('giveaways')
  @Member()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateGiveawayDto): Promise<GiveawayDto> {
    return this.giveaways.create(user, dto);
  }

  @Get('giveaways/:id')
  @Public()
  @ApiId()
  get(@OptionalUser() user: AuthUser | null, @IdParam() id: number): Promise<GiveawayDto> {
    return this.giveaways.get(user, id);
  }

  @Patch('giveaways/:id')
  @Member()
  @ApiId()
  update(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: UpdateGiveawayDto): Promise<GiveawayDto> {
    return this.giveaways.update(user, id, dto);
  }

  @Post('giveaways/:id/cancel')
  @Member()
  @HttpCode(200)
  @ApiId()
  cancel(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: CancelDto): Promise<GiveawayDto> {
    return this.giveaways.cancel(user, id, dto.reason);
  }

  @Post('giveaways/:id/entries')
  @Member()
  @ApiId()
  enter(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: EnterGiveawayDto): Promise<GiveawayEntryReceiptDto> {
    return this.giveaways.enter(user, id, dto.key);
  }

  @Post('giveaways/:id/draw')
  @Member()
  @HttpCode(200)
  @ApiId()
  draw(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<GiveawayDto> {
    return this.giveaways.draw(user, id);
  }

  @Post('giveaways/:id/claim')
  @Member()
  @HttpCode(200)
  @ApiId()
  claim(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<GiveawayDto> {
    return this.giveaways.claim(user, id);
  }

  @Post('giveaways/:id/winners/:position/pass')
  @Member()
  @HttpCode(200)
  @ApiId()
  @ApiId('position')
  pass(@CurrentUser() user: AuthUser, @IdParam() id: number, @IdParam('position') position: number): Promise<GiveawayDto> {
    return this.giveaways.pass(user, id, position);
  }

  @Get('giveaways/:id/proof')
  @Public()
  @ApiId()
  proof(@IdParam() id: number): Promise<GiveawayProof> {
    return this.giveaways.proof(id);
  }

  @Get('giveaways/:id/verification')
  @Public()
  @ApiId()
  verification(@IdParam() id: number): Promise<GiveawayVerification> {
    return this.giveaways.verification(id);
  }
}
