import { Body, Controller, Delete, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { BrandDto, BrandManagerDto } from '@wala/contract';
import { CurrentUser, Member, Public, Roles } from '../common/access';
import type { AuthUser } from '../common/auth-context';
import { invalidFields } from '../common/errors';
import { ApiId, IdParam } from '../common/params';
import { AddManagerDto, CreateBrandDto, UpdateBrandDto } from './brand.dto';
import { BrandsService } from './brands.service';

@ApiTags('brands')
@Controller()
export class BrandsController {
  constructor(private readonly brands: BrandsService) {}

  @Get('brands')
  @Public()
  list(): Promise<BrandDto[]> {
    return this.brands.list();
  }

  @Get('brands/:idOrSlug')
  @Public()
  @ApiParam({ name: 'idOrSlug', type: String })
  get(@Param('idOrSlug') idOrSlug: string): Promise<BrandDto> {
    if (typeof idOrSlug !== 'string' || !/^[a-z0-9-]{1,40}$/.test(idOrSlug)) throw invalidFields([{ field: 'idOrSlug', code: 'default' }]);
    return this.brands.get(idOrSlug);
  }

  @Get('brands/:id/managers')
  @Public()
  @ApiId()
  managers(@IdParam() id: number): Promise<BrandManagerDto[]> {
    return this.brands.managers(id);
  }

  @Patch('brands/:id')
  @Member()
  @ApiId()
  update(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: UpdateBrandDto): Promise<BrandDto> {
    return this.brands.update(user, id, dto);
  }

  @Post('admin/brands')
  @Roles('admin')
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateBrandDto): Promise<BrandDto> {
    return this.brands.create(user, dto);
  }

  @Post('admin/brands/:id/managers')
  @Roles('admin')
  @ApiId()
  addManager(@CurrentUser() user: AuthUser, @IdParam() id: number, @Body() dto: AddManagerDto): Promise<BrandManagerDto[]> {
    return this.brands.addManager(user, id, dto.userId);
  }

  @Delete('admin/brands/:id/managers/:userId')
  @Roles('admin')
  @ApiId()
  @ApiId('userId')
  removeManager(@CurrentUser() user: AuthUser, @IdParam() id: number, @IdParam('userId') userId: number): Promise<BrandManagerDto[]> {
    return this.brands.removeManager(user, id, userId);
  }
}
