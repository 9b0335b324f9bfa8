import { Body, Controller, Get, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { CodeUploadResultDto, Page, RedemptionDto, RedemptionStatus, RewardDto } from '@wala/contract';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Member, OptionalUser, Public } from '../common/access';
import type { AuthUser } from '../common/auth-context';
import { invalidFields } from '../common/errors';
import { ApiId, IdParam, clampLimit } from '../common/params';
import { ApiIdempotencyKey, IdempotencyKey, checkKey } from './idempotency';
import { CodesUploadDto, CreateRewardDto, FulfillmentDto, RedeemDto, RewardListQuery, UpdateRewardDto } from './rewards.dto';
import { RewardsService } from './rewards.service';

const STATUSES: RedemptionStatus[] = ['fulfilled', 'pending', 'shipped', 'delivered', 'cancelled'];

@ApiTags('rewards')
@Controller()
export class RewardsController {
  constructor(private readonly rewards: RewardsService) {}

  @Get('rewards')
  @Public()
  list(@OptionalUser() user: AuthUser | null, @Query() q: RewardListQuery): Promise<Page<RewardDto>> {
    return this.rewards.list(user, { ...q, limit: clampLimit(q.limit) });
  }

  @Get('rewards/:id')
  @Public()
  @ApiId()
  get(@OptionalUser() user: AuthUser | null, @IdParam() id: number): Promise<RewardDto> {
    return this.rewards.get(user, id);
  }

  @Post('rewards')
  @Member()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateRewardDto): Promise<RewardDto> {
    return this.rewards.create(user, dto);
  }

  @Patch('rewards/:id')
  @Member()
  @ApiId()
  update(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: UpdateRewardDto): Promise<RewardDto> {
    return this.rewards.update(user, id, dto);
  }

  @Post('rewards/:id/codes')
  @Member()
  @ApiId()
  uploadCodes(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: CodesUploadDto): Promise<CodeUploadResultDto> {
    return this.rewards.uploadCodes(user, id, dto.csv);
  }

  /** 201 with the redemption; a retry with the same key answers the same, with `Idempotent-Replayed: true`. */
  @Post('rewards/:id/redeem')
  @Member()
  @ApiId()
  @ApiIdempotencyKey()
  async redeem(
    @CurrentUser() user: AuthUser,
    @IdParam() id: number,
    @IdempotencyKey() key: unknown,
    @Body() dto: RedeemDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RedemptionDto> {
    const { redemption, replayed } = await this.rewards.redeem(user, id, checkKey(key), dto);
    if (replayed) void reply.header('idempotent-replayed', 'true');
    return redemption;
  }

  @Get('rewards/:id/redemptions')
  @Member()
  @ApiId()
  @ApiQuery({ name: 'status', required: false, enum: STATUSES })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  rewardRedemptions(
    @CurrentUser() user: AuthUser,
    @IdParam() id: number,
    @Query('status') status?: string,
    @Query('cursor') cursor?: string,
    @Query('limit') limit?: string,
  ): Promise<Page<RedemptionDto>> {
    if (status !== undefined && !(STATUSES as string[]).includes(status)) throw invalidFields([{ field: 'status', code: 'isIn', params: { values: STATUSES.join(', ') } }]);
    return this.rewards.rewardRedemptions(user, id, { cursor, limit: clampLimit(limit), status: status as RedemptionStatus | undefined });
  }

  @Post('redemptions/:id/fulfillment')
  @Member()
  @ApiId()
  fulfill(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: FulfillmentDto): Promise<RedemptionDto> {
    return this.rewards.fulfill(user, id, dto);
  }

  @Get('me/redemptions')
  @Member()
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  mine(@CurrentUser() user: AuthUser, @Query('cursor') cursor?: string, @Query('limit') limit?: string): Promise<Page<RedemptionDto>> {
    return this.rewards.myRedemptions(user.id, { cursor, limit: clampLimit(limit) });
  }
}
