import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import { BilingualTextDto, Id, Int, Str } from '../../common/validation';
import { EditTextDto } from '../engagement.dto';

export class CreateGiveawayDto extends BilingualTextDto {
  @Id({ optional: true, description: 'the brand; omitted: a community giveaway (admins)' })
  brandId?: number;

  @Str({ min: 1, max: 200 })
  prize: string;

  @Str({ min: 1, max: 200 })
  prizeAr: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'default: now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  opensAt?: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  closesAt: string;

  @Int({ min: 1, max: 1000 })
  winnersCount: number;

  @Int({ min: 0, max: 1000, optional: true })
  alternatesCount?: number;

  @Int({ min: 0, max: 1_000_000, optional: true, description: 'points per entry; 0 = free (paid entries need GIVEAWAY_PAID_ENTRIES=true)' })
  entryCostPoints?: number;

  @Int({ min: 1, max: 100, optional: true })
  maxEntriesPerMember?: number;

  @Int({ min: 0, max: 100, optional: true })
  minTierRank?: number;

  @Int({ min: 0, max: 100_000_000, optional: true })
  minPoints?: number;
}

export class UpdateGiveawayDto extends EditTextDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'a later close, while entries are still taken' })
  @IsOptional()
  @IsISO8601({ strict: true })
  closesAt?: string;
}

export class EnterGiveawayDto {
  @Str({ min: 1, max: 64, pattern: /^[A-Za-z0-9_-]+$/, optional: true, description: 'idempotency key: the same key gives the same entry' })
  key?: string;
}
