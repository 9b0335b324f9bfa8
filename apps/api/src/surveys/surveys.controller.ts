import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Page, SurveyAnswerResultDto, SurveyDto, SurveyResultsDto } from '@wala/contract';
import { CurrentUser, Member } from '../common/access';
import type { AuthUser } from '../common/auth-context';
import { ApiId, IdParam, clampLimit } from '../common/params';
import { CreateSurveyDto, ListQueryDto, ManageQueryDto, SurveyResponseDto, SurveyStatusDto, UpdateSurveyDto } from './survey.dto';
import { SurveysService } from './surveys.service';

/** Members answer the open surveys of their audience; admins and brand managers run surveys (others get 404). */
@ApiTags('surveys')
@Controller('surveys')
export class SurveysController {
  constructor(private readonly surveys: SurveysService) {}

  @Get()
  @Member()
  list(@CurrentUser() user: AuthUser, @Query() q: ListQueryDto): Promise<Page<SurveyDto>> {
    return this.surveys.listForMember(user, {
      cursor: q.cursor,
      limit: clampLimit(q.limit),
    });
  }

  @Post()
  @Member()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateSurveyDto): Promise<SurveyDto> {
    return this.surveys.create(user, dto);
  }

  @Get('manage')
  @Member()
  manage(@CurrentUser() user: AuthUser, @Query() q: ManageQueryDto): Promise<Page<SurveyDto>> {
    return this.surveys.manageList(user, {
      brandId: q.brandId,
      cursor: q.cursor,
      limit: clampLimit(q.limit),
    });
  }

  @Get(':id')
  @Member()
  @ApiId()
  get(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<SurveyDto> {
    return this.surveys.get(user, id);
  }

  @Put(':id')
  @Member()
  @ApiId()
  update(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: UpdateSurveyDto): Promise<SurveyDto> {
    return this.surveys.update(user, id, dto);
  }

  @Post(':id/status')
  @Member()
  @HttpCode(200)
  @ApiId()
  status(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: SurveyStatusDto): Promise<SurveyDto> {
    return this.surveys.setStatus(user, id, dto.status);
  }

  @Post(':id/responses')
  @Member()
  @ApiId()
  answer(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: SurveyResponseDto): Promise<SurveyAnswerResultDto> {
    return this.surveys.answer(user, id, dto.answers);
  }

  @Get(':id/results')
  @Member()
  @ApiId()
  results(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<SurveyResultsDto> {
    return this.surveys.results(user, id);
  }
}
