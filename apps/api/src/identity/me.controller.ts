import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { UserDto } from '@wala/contract';
import type { FastifyReply } from 'fastify';
import { CurrentAuth, CurrentUser, Member } from '../common/access';
import type { AuthContext, AuthUser } from '../common/auth-context';
import { SESSION_COOKIE } from '../common/auth.guard';
import { AuthService } from './auth.service';
import { ChangePasswordDto, DeleteAccountDto, UpdateMeDto } from './identity.dto';
import { UsersService } from './users.service';

@ApiTags('me')
@Controller('me')
export class MeController {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  @Member()
  me(@CurrentUser() user: AuthUser): Promise<UserDto> {
    return this.users.me(user.id);
  }

  @Patch()
  @Member()
  @ApiOperation({ summary: 'Edit the profile (birthday can be set once)' })
  update(@CurrentUser() user: AuthUser, @Body() dto: UpdateMeDto): Promise<UserDto> {
    return this.users.updateMe(user, dto);
  }

  @Post('password')
  @Member()
  @HttpCode(204)
  @ApiOperation({ summary: 'Change the password; every other session and token ends' })
  async password(@CurrentAuth() auth: AuthContext, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(auth.user, auth.sessionId, dto.currentPassword, dto.newPassword);
  }

  @Get('export')
  @Member()
  @ApiOperation({ summary: 'Download everything Wala holds about you (JSON)' })
  async export(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) reply: FastifyReply): Promise<Record<string, unknown>> {
    reply.header('content-disposition', `attachment; filename="wala-export-${user.id}.json"`);
    return this.users.export(user.id);
  }

  @Delete()
  @Member()
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete the account: personal data removed, contributions kept under a pseudonym' })
  async delete(@CurrentUser() user: AuthUser, @Body() dto: DeleteAccountDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.users.deleteAccount(user, dto.password);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }
}
