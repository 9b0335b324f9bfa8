import { OmitType, PartialType } from '@nestjs/swagger';
import { HttpUrl, Id, Nested, Str } from '../common/validation';

export class BrandLinkDto {
  @Str({ min: 1, max: 40 })
  label: string;

  @HttpUrl()
  url: string;
}

export class CreateBrandDto {
  @Str({ min: 2, max: 40, pattern: /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, example: 'qahwa-house' })
  slug: string;

  @Str({ min: 1, max: 80 })
  name: string;

  @Str({ min: 1, max: 80 })
  nameAr: string;

  @Str({ max: 2000, optional: true })
  description?: string;

  @Str({ max: 2000, optional: true })
  descriptionAr?: string;

  @Id({ optional: true })
  logoUploadId?: number;

  @Nested(() => BrandLinkDto, { array: true, maxItems: 10, optional: true })
  links?: BrandLinkDto[];
}

/** Every field of a brand but its slug, each optional. */
export class UpdateBrandDto extends PartialType(OmitType(CreateBrandDto, ['slug'] as const)) {}

export class AddManagerDto {
  @Id()
  userId: number;
}
