import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import type { AnalyticsGrain } from '@wala/contract';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { DateOnly, Id, Int, Nested, OneOf, Str, TimeZone } from '../common/validation';

/** An optional id in a query string: only plain decimal digits become a number (no 0x10, 1e3, arrays). */
export function QueryId() {
  return applyDecorators(
    ApiPropertyOptional({ type: Number, description: 'positive integer' }),
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^[1-9]\d{0,15}$/.test(value) ? Number(value) : value)),
    IsOptional(),
    IsInt(),
    Min(1),
  );
}

export class RangeQueryDto {
  @DateOnly({ optional: true })
  from?: string;

  @DateOnly({ optional: true })
  to?: string;

  @QueryId()
  brandId?: number;
}

export class OverviewQueryDto extends RangeQueryDto {
  @OneOf(['week', 'month'] as const, { optional: true })
  grain?: AnalyticsGrain;
}

export class PurchaseInputDto {
  @Str({ min: 1, max: 254, description: "the member's id or e-mail" })
  member: string;

  @Int({ min: 1, max: Number.MAX_SAFE_INTEGER })
  amountMinor: number;

  @Str({ min: 3, max: 3, pattern: /^[A-Z]{3}$/, example: 'SAR' })
  currency: string;

  @DateOnly()
  date: string;

  @Id({ optional: true })
  brandId?: number;

  @Str({ max: 80, optional: true })
  externalRef?: string;
}

export class PurchasesImportDto {
  @Nested(() => PurchaseInputDto, { array: true, maxItems: 1000 })
  purchases: PurchaseInputDto[];
}

export class PurchasesCsvDto {
  @Str({
    min: 1,
    max: 500_000,
    trim: false,
    description: 'CSV text: member,amount_minor,currency,date[,brand_id][,external_ref]',
  })
  csv: string;

  @Id({ optional: true })
  brandId?: number;
}

export class AnalyticsSettingsBodyDto {
  @TimeZone()
  timeZone: string;
}
