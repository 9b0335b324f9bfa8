import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsISO8601, IsString, Length, Max, Min } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { CHALLENGE_ACTIONS, CHALLENGE_KINDS, type ChallengeAction, type ChallengeKind, type ChallengeScope } from '@wala/contract';
import { BilingualTextDto, Bool, Id, Int, Nested, OneOf, Str } from '../../common/validation';
import { EditTimedDto } from '../engagement.dto';

export class ChallengeStepInput {
  @OneOf(CHALLENGE_ACTIONS)
  action: ChallengeAction;

  @Int({ min: 1, max: 100000 })
  count: number;

  @Id({ optional: true })
  categoryId?: number;

  @Str({ min: 1, max: 40, optional: true })
  tag?: string;
}

export class QuizQuestionInput {
  @Str({ min: 1, max: 500 })
  prompt: string;

  @Str({ min: 1, max: 500 })
  promptAr: string;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(8)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  options: string[];

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(8)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  optionsAr: string[];

  @Int({ min: 0, max: 7 })
  correct: number;
}

export class CreateChallengeDto extends BilingualTextDto {
  @Id({ optional: true, description: 'the brand; omitted: a community challenge (admins)' })
  brandId?: number;

  @OneOf(CHALLENGE_KINDS)
  kind: ChallengeKind;

  @OneOf(['individual', 'community'] as const, { optional: true })
  scope?: ChallengeScope;

  @Nested(() => ChallengeStepInput, { array: true, maxItems: 10, optional: true })
  steps?: ChallengeStepInput[];

  @Int({ min: 2, max: 365, optional: true })
  streakDays?: number;

  @Int({ min: 1, max: 10_000_000, optional: true })
  communityTarget?: number;

  @Nested(() => QuizQuestionInput, { array: true, maxItems: 50, optional: true })
  quiz?: QuizQuestionInput[];

  @Int({ min: 1, max: 20, optional: true })
  maxAttempts?: number;

  @Int({ min: 1, max: 50, optional: true })
  passScore?: number;

  @Int({ min: 0, max: 100000, optional: true })
  points?: number;

  @Id({ optional: true })
  badgeId?: number;

  @Id({ optional: true })
  pledgeCampaignId?: number;

  @Int({ min: 0, max: 100, optional: true })
  minTierRank?: number;

  @Int({ min: 0, max: 3650, optional: true })
  minMemberDays?: number;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  startsAt: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  endsAt: string;
}

/** A challenge's edit: the texts and a later end, and a quiz's questions until its first attempt. */
export class UpdateChallengeDto extends EditTimedDto {
  @Nested(() => QuizQuestionInput, { array: true, maxItems: 50, optional: true, description: 'a quiz: its new questions (refused once a member has answered)' })
  quiz?: QuizQuestionInput[];

  @Int({ min: 1, max: 20, optional: true })
  maxAttempts?: number;

  @Int({ min: 1, max: 50, optional: true, description: 'omitted with new questions: the current one, at most their count' })
  passScore?: number;
}

export class QuizAnswersDto {
  @ApiProperty({ type: [Number] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(7, { each: true })
  answers: number[];
}

export class SubmissionDto {
  @Str({ min: 1, max: 4000 })
  text: string;

  @Id({ optional: true })
  uploadId?: number;
}

export class ReviewDto {
  @Bool()
  approve: boolean;

  @Str({ max: 500, optional: true })
  reason?: string;
}
