import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Page, PointsBalanceDto, PointsEntryDto } from '@wala/contract';
import { CurrentUser, Member } from '../common/access';
import type { AuthUser } from '../common/auth-context';
import { clampLimit } from '../common/params';
import { PointsWallet } from '../common/points-wallet';
import type { LedgerService } from './ledger.service';

@ApiTags('loyalty')
@Controller()
export class PointsController {
  constructor(@Inject(PointsWallet) private readonly ledger: LedgerService) {}

  @Get('me/points')
  @Member()
  points(@CurrentUser() user: AuthUser): Promise<PointsBalanceDto> {
    return this.ledger.summary(user.id);
  }

  @Get('me/points/entries')
  @Member()
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  entries(@CurrentUser() user: AuthUser, @Query('cursor') cursor?: string, @Query('limit') limit?: string): Promise<Page<PointsEntryDto>> {
    return this.ledger.entries(user.id, { cursor, limit: clampLimit(limit) });
  }
}
