import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { ChallengeDto, ChallengeSubmissionDto, LeaderboardEntryDto, Page, QuizKeyDto, QuizResultDto } from '@wala/contract';
import { CurrentUser, Member, OptionalUser, Public } from '../../common/access';
import type { AuthUser } from '../../common/auth-context';
import { ApiId, IdParam, clampLimit } from '../../common/params';
import { optionalId, optionalStatus } from '../engagement-params';
import { CancelDto } from '../engagement.dto';
import { CreateChallengeDto, QuizAnswersDto, ReviewDto, SubmissionDto, UpdateChallengeDto } from './challenge.dto';
import { ChallengesService } from './challenges.service';

@ApiTags('challenges')
@Controller()
export class ChallengesController {
  constructor(private readonly challenges: ChallengesService) {}

  @Get('challenges')
  @Public()
  @ApiQuery({ name: 'brandId', required: false })
  @ApiQuery({ name: 'all', required: false, description: '1: ended ones too' })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  list(
    @OptionalUser() user: AuthUser | null,
    @Query('brandId') brandId?: string,
    @Query('all') all?: string,
    @Query('cursor') cursor?: string,
    @Query('limit') limit?: string,
  ): Promise<Page<ChallengeDto>> {
    return this.challenges.list(user, { brandId: optionalId(brandId, 'brandId'), active: all !== '1', cursor, limit: clampLimit(limit) });
  }

  @Post('challenges')
  @Member()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateChallengeDto): Promise<ChallengeDto> {
    return this.challenges.create(user, dto);
  }

  @Get('challenges/:id')
  @Public()
  @ApiId()
  get(@OptionalUser() user: AuthUser | null, @IdParam() id: number): Promise<ChallengeDto> {
    return this.challenges.get(user, id);
  }

  @Patch('challenges/:id')
  @Member()
  @ApiId()
  update(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: UpdateChallengeDto): Promise<ChallengeDto> {
    return this.challenges.update(user, id, dto);
  }

  /** The brand's managers and admins: the quiz with its correct choices, to edit it. */
  @Get('challenges/:id/quiz')
  @Member()
  @ApiId()
  quizKey(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<QuizKeyDto> {
    return this.challenges.quizKey(user, id);
  }

  @Post('challenges/:id/cancel')
  @Member()
  @HttpCode(200)
  @ApiId()
  cancel(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: CancelDto): Promise<ChallengeDto> {
    return this.challenges.cancel(user, id, dto.reason);
  }

  @Post('challenges/:id/join')
  @Member()
  @HttpCode(200)
  @ApiId()
  join(@CurrentUser() user: AuthUser, @IdParam() id: number): Promise<ChallengeDto> {
    return this.challenges.join(user, id);
  }

  @Post('challenges/:id/quiz')
  @Member()
  @HttpCode(200)
  @ApiId()
  quiz(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: QuizAnswersDto): Promise<QuizResultDto> {
    return this.challenges.answerQuiz(user, id, dto);
  }

  @Post('challenges/:id/submissions')
  @Member()
  @ApiId()
  submit(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: SubmissionDto): Promise<ChallengeSubmissionDto> {
    return this.challenges.submit(user, id, dto);
  }

  @Get('challenges/:id/submissions')
  @Member()
  @ApiId()
  @ApiQuery({ name: 'status', required: false, enum: ['pending', 'approved', 'rejected'] })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  submissions(
    @CurrentUser() user: AuthUser,
    @IdParam() id: number,
    @Query('status') status?: string,
    @Query('cursor') cursor?: string,
    @Query('limit') limit?: string,
  ): Promise<Page<ChallengeSubmissionDto>> {
    return this.challenges.submissions(user, id, { status: optionalStatus(status), cursor, limit: clampLimit(limit) });
  }

  @Post('challenge-submissions/:id/review')
  @Member()
  @HttpCode(200)
  @ApiId()
  review(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: ReviewDto): Promise<ChallengeSubmissionDto> {
    return this.challenges.review(user, id, dto);
  }

  @Get('challenges/:id/leaderboard')
  @Public()
  @ApiId()
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  leaderboard(@IdParam() id: number, @Query('cursor') cursor?: string, @Query('limit') limit?: string): Promise<Page<LeaderboardEntryDto>> {
    return this.challenges.leaderboard(id, { cursor, limit: clampLimit(limit) });
  }
}
