import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { Str } from '../common/validation';

/** What a brand may change once members took part: the bilingual texts (every field optional). */
export class EditTextDto {
  @Str({ min: 1, max: 120, optional: true })
  title?: string;

  @Str({ min: 1, max: 120, optional: true })
  titleAr?: string;

  @Str({ max: 4000, optional: true })
  description?: string;

  @Str({ max: 4000, optional: true })
  descriptionAr?: string;
}

/** The texts and a later end (the end is only ever extended). */
export class EditTimedDto extends EditTextDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'a later end; moving it earlier is refused' })
  @IsOptional()
  @IsISO8601({ strict: true })
  endsAt?: string;
}

export class CancelDto {
  @Str({ min: 1, max: 500, description: 'why, shown to members' })
  reason: string;
}
