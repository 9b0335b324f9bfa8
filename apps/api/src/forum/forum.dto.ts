import { PartialType } from '@nestjs/swagger';
import { FORUM_REPORT_REASONS, type ForumReportReason } from '@wala/contract';
import { ArrayMaxSize, IsArray, IsString, Matches, MaxLength } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { IsOptional } from 'class-validator';
import { Bool, Id, Int, OneOf, Str } from '../common/validation';

export const TITLE_MIN = 3;
export const TITLE_MAX = 200;
export const BODY_MAX = 20000;

const Tags = () =>
  applyDecorators(
    ApiPropertyOptional({ type: [String], maxItems: 5 }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(5, { context: { max: 5 } }),
    IsString({ each: true }),
    MaxLength(30, { each: true, context: { max: 30 } }),
    Matches(/^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u, { each: true }),
  );

export class CreateCategoryDto {
  @Str({ min: 2, max: 60, pattern: /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, example: 'general' })
  slug: string;

  @Str({ min: 1, max: 80 })
  name: string;

  @Str({ min: 1, max: 80 })
  nameAr: string;

  @Str({ max: 1000, optional: true })
  description?: string;

  @Str({ max: 1000, optional: true })
  descriptionAr?: string;

  @Id({ optional: true })
  parentId?: number;

  @Int({ min: 0, max: 100000, optional: true })
  position?: number;

  @OneOf(['everyone', 'members', 'staff'] as const, { optional: true })
  readAccess?: 'everyone' | 'members' | 'staff';

  @OneOf(['members', 'staff'] as const, { optional: true })
  postAccess?: 'members' | 'staff';

  @Int({ min: 0, max: 100, optional: true })
  minTierRank?: number;

  @Id({ optional: true })
  brandId?: number;

  @Int({ min: 0, max: 86400, optional: true })
  slowModeSeconds?: number;
}

export class UpdateCategoryDto extends PartialType(CreateCategoryDto) {}

export class CreateTopicDto {
  @Id()
  categoryId: number;

  @Str({ min: TITLE_MIN, max: TITLE_MAX })
  title: string;

  @Str({ min: 1, max: BODY_MAX, trim: false })
  raw: string;

  @OneOf(['discussion', 'question'] as const, { optional: true })
  kind?: 'discussion' | 'question';

  @Tags()
  tags?: string[];
}

export class CreatePostDto {
  @Str({ min: 1, max: BODY_MAX, trim: false })
  raw: string;

  @Id({ optional: true })
  replyToPostId?: number;

  /** the post quoted in `raw` (its author is told) */
  @Id({ optional: true })
  quotedPostId?: number;
}

export class EditPostDto {
  @Str({ min: 1, max: BODY_MAX, trim: false })
  raw: string;

  /** opening posts only: the topic's new title */
  @Str({ min: TITLE_MIN, max: TITLE_MAX, optional: true })
  title?: string;
}

export class UpdateTopicDto {
  @Str({ min: TITLE_MIN, max: TITLE_MAX, optional: true })
  title?: string;

  @Tags()
  tags?: string[];
}

export class ReadPositionDto {
  @Int({ min: 0, max: 10_000_000 })
  postNumber: number;
}

export class SolveDto {
  @Id()
  postId: number;
}

export class ReasonDto {
  @Str({ max: 500, optional: true })
  reason?: string;
}

export class ReportDtoIn {
  @OneOf(FORUM_REPORT_REASONS)
  reason: ForumReportReason;

  @Str({ max: 500, optional: true })
  note?: string;
}

export class ResolveReportDto {
  @OneOf(['hide', 'delete', 'dismiss'] as const)
  action: 'hide' | 'delete' | 'dismiss';

  @Str({ max: 500, optional: true })
  reason?: string;
}

export class LockDto extends ReasonDto {
  @Bool()
  locked: boolean;
}

export class PinDto extends ReasonDto {
  @Bool()
  pinned: boolean;
}

export class MoveDto extends ReasonDto {
  @Id()
  categoryId: number;
}

export class SuspendDto {
  @Int({ min: 1, max: 24 * 365 * 10 })
  hours: number;

  @Str({ min: 1, max: 500 })
  reason: string;
}

export class WordFilterIn {
  @Str({ min: 2, max: 80 })
  word: string;

  @OneOf(['block', 'flag'] as const)
  action: 'block' | 'flag';
}

export class PreviewDto {
  @Str({ min: 1, max: BODY_MAX, trim: false })
  raw: string;
}
