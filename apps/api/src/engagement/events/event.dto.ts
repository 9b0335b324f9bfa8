import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';
import type { EventMode } from '@wala/contract';
import { BilingualTextDto, HttpUrl, Id, Int, OneOf, Str, TimeZone } from '../../common/validation';
import { EditTimedDto } from '../engagement.dto';

export class CreateEventDto extends BilingualTextDto {
  @Id({ optional: true, description: 'the brand; omitted: a community event (admins)' })
  brandId?: number;

  @OneOf(['online', 'in_person'] as const)
  mode: EventMode;

  @Str({ max: 200, optional: true })
  location?: string;

  @HttpUrl({ optional: true })
  onlineUrl?: string;

  @TimeZone()
  timeZone: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  startsAt: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  endsAt: string;

  @Int({ min: 1, max: 1_000_000, optional: true })
  capacity?: number;

  @Int({ min: 1, max: 100, optional: true, description: 'members of this tier rank and above may RSVP before rsvpOpensAt' })
  earlyTierRank?: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'when RSVPs open for everyone (default: now)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  rsvpOpensAt?: string;

  @Int({ min: 0, max: 100000, optional: true })
  checkInPoints?: number;

  @Int({ min: 0, max: 24 * 60, optional: true, description: 'check-in opens this many minutes before the start (default 30)' })
  checkInMinutesBefore?: number;
}

export class UpdateEventDto extends EditTimedDto {
  @Int({ min: 1, max: 1_000_000, optional: true, description: 'never below the members already going' })
  capacity?: number;
}

export class RsvpDto {
  @OneOf(['going', 'maybe', 'not_going'] as const)
  status: 'going' | 'maybe' | 'not_going';
}

export class CheckInDto {
  @Str({ min: 6, max: 6, pattern: /^\d{6}$/ })
  code: string;
}
