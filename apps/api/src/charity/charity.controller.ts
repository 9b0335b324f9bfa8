import { Body, Controller, Get, Header, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { CampaignDto, CampaignPageDto, CharityDto, DonationDto, Page, PaymentDto as PaymentResult, SettlementRowDto, TransparencyReportDto } from '@wala/contract';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Member, OptionalUser, Public, Roles } from '../common/access';
import type { AuthUser } from '../common/auth-context';
import { ApiId, IdParam, clampLimit } from '../common/params';
import { CampaignListQuery, SettlementQuery } from '../rewards/rewards.dto';
import { ApiIdempotencyKey, IdempotencyKey, checkKey } from '../rewards/idempotency';
import { CreateCampaignDto, CreateCharityDto, CreatePledgeDto, DonateDto, PaymentDto, UpdateCampaignDto, UpdateCharityDto } from './charity.dto';
import { CharityService } from './charity.service';

@ApiTags('charity')
@Controller()
export class CharityController {
  constructor(private readonly charity: CharityService) {}

  @Get('charities')
  @Public()
  charities(): Promise<CharityDto[]> {
    return this.charity.charities();
  }

  @Get('charities/:id')
  @Public()
  @ApiId()
  getCharity(@IdParam() id: number): Promise<CharityDto> {
    return this.charity.charity(id);
  }

  @Post('charities')
  @Roles('admin')
  createCharity(@Body() dto: CreateCharityDto): Promise<CharityDto> {
    return this.charity.createCharity(dto);
  }

  @Patch('charities/:id')
  @Roles('admin')
  @ApiId()
  updateCharity(@IdParam() id: number, @Body() dto: UpdateCharityDto): Promise<CharityDto> {
    return this.charity.updateCharity(id, dto);
  }

  @Get('campaigns')
  @Public()
  campaigns(@OptionalUser() user: AuthUser | null, @Query() q: CampaignListQuery): Promise<Page<CampaignDto>> {
    return this.charity.campaigns(user, { ...q, limit: clampLimit(q.limit) });
  }

  @Get('campaigns/:id')
  @Public()
  @ApiId()
  campaign(@OptionalUser() user: AuthUser | null, @IdParam() id: number): Promise<CampaignPageDto> {
    return this.charity.campaignPage(user, id);
  }

  @Get('campaigns/:id/transparency')
  @Public()
  @ApiId()
  transparency(@OptionalUser() user: AuthUser | null, @IdParam() id: number): Promise<TransparencyReportDto> {
    return this.charity.transparency(user, id);
  }

  @Post('campaigns')
  @Member()
  createCampaign(@CurrentUser() user: AuthUser, @Body() dto: CreateCampaignDto): Promise<CampaignDto> {
    return this.charity.createCampaign(user, dto);
  }

  @Patch('campaigns/:id')
  @Member()
  @ApiId()
  updateCampaign(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: UpdateCampaignDto): Promise<CampaignDto> {
    return this.charity.updateCampaign(user, id, dto);
  }

  @Post('campaigns/:id/pledges')
  @Member()
  @ApiId()
  addPledge(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: CreatePledgeDto): Promise<CampaignDto> {
    return this.charity.addPledge(user, id, dto);
  }

  /** 201 with the donation and its receipt; a retry with the same key answers the same. */
  @Post('campaigns/:id/donate')
  @Member()
  @ApiId()
  @ApiIdempotencyKey()
  async donate(
    @CurrentUser() user: AuthUser,
    @IdParam() id: number,
    @IdempotencyKey() key: unknown,
    @Body() dto: DonateDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DonationDto> {
    const { donation, replayed } = await this.charity.donate(user, id, checkKey(key), dto);
    if (replayed) void reply.header('idempotent-replayed', 'true');
    return donation;
  }

  @Post('campaigns/:id/payments')
  @Member()
  @ApiId()
  pay(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: PaymentDto): Promise<PaymentResult> {
    return this.charity.recordPayment(user, id, dto.amountMinor, dto.receiptReference);
  }

  @Get('me/donations')
  @Member()
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  myDonations(@CurrentUser() user: AuthUser, @Query('cursor') cursor?: string, @Query('limit') limit?: string): Promise<Page<DonationDto>> {
    return this.charity.myDonations(user.id, { cursor, limit: clampLimit(limit) });
  }

  @Get('donations/:id')
  @Member()
  @ApiId()
  receipt(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<DonationDto> {
    return this.charity.receipt(user.id, id);
  }

  @Get('settlement')
  @Member()
  settlement(@CurrentUser() user: AuthUser, @Query() q: SettlementQuery): Promise<SettlementRowDto[]> {
    return this.charity.settlement(user, q.brandId);
  }

  @Get('settlement/export.csv')
  @Member()
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="settlement.csv"')
  settlementCsv(@CurrentUser() user: AuthUser, @Query() q: SettlementQuery): Promise<string> {
    return this.charity.settlementCsv(user, q.brandId);
  }
}
