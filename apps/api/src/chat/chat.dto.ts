import { ArrayMaxSize, IsArray, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Bool, Id, Int, OneOf, Str } from '../common/validation';

export const MESSAGE_MAX = 2000;

export class ChannelRefDto {
  @Id()
  channelId!: number;
}

export class MessageRefDto {
  @Id()
  messageId!: number;
}

export class SendMessageBodyDto {
  @Str({ min: 1, max: MESSAGE_MAX })
  body!: string;

  @Str({ min: 8, max: 64, pattern: /^[A-Za-z0-9_-]+$/, description: 'client-chosen id, unique per author: a retry stores once' })
  clientId!: string;

  @ApiPropertyOptional({ type: [Number] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(Number.MAX_SAFE_INTEGER, { each: true })
  mentions?: number[];
}

export class SendMessageDto extends SendMessageBodyDto {
  @Id()
  channelId!: number;
}

export class EditMessageBodyDto {
  @Str({ min: 1, max: MESSAGE_MAX })
  body!: string;
}

export class EditMessageDto extends EditMessageBodyDto {
  @Id()
  messageId!: number;
}

export class ReadDto {
  @Id()
  channelId!: number;

  @Int({ min: 0, max: Number.MAX_SAFE_INTEGER })
  messageId!: number;
}

export class MarkReadBodyDto {
  @Int({ min: 0, max: Number.MAX_SAFE_INTEGER })
  messageId!: number;
}

export class HistoryDto {
  @Id()
  channelId!: number;

  @Id({ optional: true })
  before?: number;

  @Int({ optional: true, min: 0, max: Number.MAX_SAFE_INTEGER })
  after?: number;

  @Int({ optional: true, min: 1, max: 100 })
  limit?: number;
}

export class CreateChannelDto {
  @OneOf(['community', 'brand'] as const)
  kind!: 'community' | 'brand';

  @Id({ optional: true, description: 'required for brand channels' })
  brandId?: number;

  @Str({ min: 1, max: 80 })
  name!: string;

  @Str({ min: 1, max: 80 })
  nameAr!: string;

  @Str({ optional: true, max: 500 })
  description?: string;

  @Int({ optional: true, min: 0, max: 100 })
  minTierRank?: number;

  @Int({ optional: true, min: 0, max: 3600 })
  slowModeSeconds?: number;
}

export class UpdateChannelDto {
  @Str({ optional: true, min: 1, max: 80 })
  name?: string;

  @Str({ optional: true, min: 1, max: 80 })
  nameAr?: string;

  @Str({ optional: true, max: 500 })
  description?: string;

  @Int({ optional: true, min: 0, max: 100 })
  minTierRank?: number;

  @Int({ optional: true, min: 0, max: 3600 })
  slowModeSeconds?: number;

  @Bool({ optional: true })
  archived?: boolean;
}

export class MuteDto {
  @Id()
  userId!: number;

  @Int({ min: 1, max: 60 * 24 * 30, description: 'minutes' })
  minutes!: number;

  @Str({ optional: true, max: 300 })
  reason?: string;
}

export class UserRefDto {
  @Id()
  userId!: number;
}
