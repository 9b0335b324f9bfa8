import type { SurveyAudience, SurveyQuestionKind } from '@wala/contract';
import { SURVEY_AUDIENCES, SURVEY_QUESTION_KINDS } from '@wala/contract';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { QueryId } from '../analytics/analytics.dto';
import { Bool, Id, Int, Nested, OneOf, Str } from '../common/validation';

export class SurveyOptionDto {
  @Str({ min: 1, max: 200 })
  en: string;

  @Str({ min: 1, max: 200 })
  ar: string;
}

export class SurveyQuestionInputDto {
  @OneOf(SURVEY_QUESTION_KINDS)
  kind: SurveyQuestionKind;

  @Str({ min: 1, max: 500 })
  prompt: string;

  @Str({ min: 1, max: 500 })
  promptAr: string;

  @Nested(() => SurveyOptionDto, { array: true, maxItems: 20, optional: true })
  options?: SurveyOptionDto[];

  @Bool({ optional: true })
  required?: boolean;
}

export class CreateSurveyDto {
  @Id({ optional: true })
  brandId?: number;

  @Str({ min: 1, max: 160 })
  title: string;

  @Str({ min: 1, max: 160 })
  titleAr: string;

  @Str({ max: 2000, optional: true })
  intro?: string;

  @Str({ max: 2000, optional: true })
  introAr?: string;

  @Bool({ optional: true })
  anonymous?: boolean;

  @Int({ min: 0, max: 100_000, optional: true })
  points?: number;

  @OneOf(SURVEY_AUDIENCES, { optional: true })
  audience?: SurveyAudience;

  /** tier: the minimum tier rank; event: the event id; challenge: the challenge id */
  @Id({ optional: true })
  audienceRef?: number;

  @Nested(() => SurveyQuestionInputDto, { array: true, maxItems: 30 })
  questions: SurveyQuestionInputDto[];
}

/** Editing a draft: the whole survey again, but its brand. */
export class UpdateSurveyDto extends CreateSurveyDto {}

export class SurveyStatusDto {
  @OneOf(['open', 'closed'] as const)
  status: 'open' | 'closed';
}

export class SurveyAnswerDto {
  @Id()
  questionId: number;

  @Int({ min: 0, max: 10, optional: true })
  score?: number;

  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  @Min(0, { each: true })
  @Max(19, { each: true })
  choices?: number[];

  @Str({ max: 2000, optional: true })
  text?: string;
}

export class SurveyResponseDto {
  @Nested(() => SurveyAnswerDto, { array: true, maxItems: 30 })
  answers: SurveyAnswerDto[];
}

export class ManageQueryDto {
  @QueryId()
  brandId?: number;

  @Str({ max: 200, optional: true })
  cursor?: string;

  @Str({ max: 20, optional: true })
  limit?: string;
}

export class ListQueryDto {
  @Str({ max: 200, optional: true })
  cursor?: string;

  @Str({ max: 20, optional: true })
  limit?: string;
}
