import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AdminUserDto, Page, PublicUserDto, UserDto } from '@wala/contract';
import { CurrentUser, Public, Roles } from '../common/access';
import type { AuthUser } from '../common/auth-context';
import { ApiId, IdParam, clampLimit } from '../common/params';
import { AdminSetBirthdayDto, SetRoleDto } from './identity.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('users/:id')
  @Public()
  @ApiId()
  profile(@IdParam() id: number): Promise<PublicUserDto> {
    return this.users.publicProfile(id);
  }

  @Get('admin/users')
  @Roles('admin')
  @ApiQuery({ name: 'q', required: false })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiQuery({ name: 'limit', required: false })
  list(@Query('q') q?: string, @Query('cursor') cursor?: string, @Query('limit') limit?: string): Promise<Page<AdminUserDto>> {
    return this.users.list({ q: typeof q === 'string' ? q.slice(0, 100) : undefined, cursor, limit: clampLimit(limit) });
  }

  @Patch('admin/users/:id/role')
  @Roles('admin')
  @ApiId()
  setRole(@CurrentUser() actor: AuthUser, @IdParam() id: number, @Body() dto: SetRoleDto): Promise<UserDto> {
    return this.users.setRole(actor, id, dto.role);
  }

  @Patch('admin/users/:id/birthday')
  @Roles('admin')
  @ApiId()
  setBirthday(@CurrentUser() actor: AuthUser, @IdParam() id: number, @Body() dto: AdminSetBirthdayDto): Promise<UserDto> {
    return this.users.adminSetBirthday(actor, id, dto.birthday);
  }
}
