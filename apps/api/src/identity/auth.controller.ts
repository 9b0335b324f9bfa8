import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SessionResponse, TokenResponse } from '@wala/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentAuth, Member, Public } from '../common/access';
import type { AuthContext } from '../common/auth-context';
import { SESSION_COOKIE } from '../common/auth.guard';
import { badRequest } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AuthService, type ClientMeta } from './auth.service';
import { LoginDto, RegisterDto, ResetConfirmDto, ResetRequestDto, VerifyEmailDto } from './identity.dto';
import { DEVICE_COOKIE, DEVICE_DAYS, DEVICE_HEADER } from './device-token';
import { COOKIE_SESSION_DAYS, SessionService } from './session.service';
import { UsersService } from './users.service';

type Req = FastifyRequest & { auth?: AuthContext };

export const clientMeta = (req: FastifyRequest): ClientMeta => ({
  ip: req.ip,
  userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null,
});

/** The device token: the header (API clients) or the cookie (browsers). */
function presentedDevice(req: FastifyRequest): string | null {
  const h = req.headers[DEVICE_HEADER];
  if (typeof h === 'string' && h) return h;
  return (req as unknown as { cookies?: Record<string, string | undefined> }).cookies?.[DEVICE_COOKIE] ?? null;
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly sessions: SessionService,
  ) {}

  /** An httpOnly cookie, secure when the public URL is https. */
  private cookie(reply: FastifyReply, name: string, token: string, o: { sameSite: 'lax' | 'strict'; path: string; days: number }) {
    reply.setCookie(name, token, { httpOnly: true, sameSite: o.sameSite, secure: this.config.publicUrl.startsWith('https://'), path: o.path, maxAge: o.days * 24 * 3600 });
  }

  private setCookie(reply: FastifyReply, token: string) {
    this.cookie(reply, SESSION_COOKIE, token, { sameSite: 'lax', path: '/', days: COOKIE_SESSION_DAYS });
  }

  /** The device token is sent only to the sign-in routes. */
  private setDeviceCookie(reply: FastifyReply, token: string | undefined) {
    if (token) this.cookie(reply, DEVICE_COOKIE, token, { sameSite: 'strict', path: '/api/v1/auth', days: DEVICE_DAYS });
  }

  private clearCookie(reply: FastifyReply) {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Post('register')
  @Public()
  @ApiOperation({ summary: 'Create an account; answers with the member and sets the session cookie' })
  async register(@Body() dto: RegisterDto, @Req() req: Req, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionResponse> {
    const s = await this.auth.register(dto, clientMeta(req), req.auth?.kind === 'cookie' ? req.auth.sessionId : undefined);
    this.setCookie(reply, s.token);
    reply.status(201);
    return { user: s.user, csrfToken: s.csrfToken ?? '' };
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password; sets a new session cookie (the old one ends)' })
  async login(@Body() dto: LoginDto, @Req() req: Req, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionResponse> {
    const meta = { ...clientMeta(req), device: presentedDevice(req) };
    const s = await this.auth.login(dto.email, dto.password, 'cookie', meta, req.auth?.kind === 'cookie' ? req.auth.sessionId : undefined);
    this.setCookie(reply, s.token);
    this.setDeviceCookie(reply, s.deviceToken);
    return { user: s.user, csrfToken: s.csrfToken ?? '' };
  }

  @Get('session')
  @Member()
  @ApiOperation({ summary: 'The current member and the CSRF token of the cookie session' })
  async session(@CurrentAuth() auth: AuthContext, @Req() req: Req): Promise<SessionResponse> {
    const cookie = (req as unknown as { cookies: Record<string, string> }).cookies?.[SESSION_COOKIE];
    const s = auth.kind === 'cookie' && cookie ? await this.sessions.resolve(cookie, 'cookie') : null;
    return { user: await this.users.me(auth.user.id), csrfToken: s?.csrfToken ?? '' };
  }

  @Post('logout')
  @Member()
  @HttpCode(204)
  @ApiOperation({ summary: 'End the current session' })
  async logout(@CurrentAuth() auth: AuthContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.logout(auth.sessionId);
    if (auth.kind === 'cookie') this.clearCookie(reply);
  }

  @Post('tokens')
  @Public()
  @ApiOperation({ summary: 'Get a bearer token for an API client' })
  async createToken(@Body() dto: LoginDto, @Req() req: Req, @Res({ passthrough: true }) reply: FastifyReply): Promise<TokenResponse> {
    const s = await this.auth.login(dto.email, dto.password, 'bearer', { ...clientMeta(req), device: presentedDevice(req) });
    // API clients keep this and send it back as X-Wala-Device at their next sign-in
    if (s.deviceToken) reply.header(DEVICE_HEADER, s.deviceToken);
    return { token: s.token, user: s.user };
  }

  @Delete('tokens/current')
  @Member()
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke the bearer token used for this request' })
  async revokeToken(@CurrentAuth() auth: AuthContext): Promise<void> {
    if (auth.kind !== 'bearer') throw badRequest();
    await this.auth.logout(auth.sessionId);
  }

  @Post('verify-email')
  @Public()
  @HttpCode(204)
  async verifyEmail(@Body() dto: VerifyEmailDto): Promise<void> {
    await this.auth.verifyEmail(dto.token);
  }

  @Post('verify-email/resend')
  @Member()
  @HttpCode(204)
  async resend(@CurrentAuth() auth: AuthContext): Promise<void> {
    await this.auth.resendVerification(auth.user);
  }

  @Post('password-reset')
  @Public()
  @HttpCode(202)
  @ApiOperation({ summary: 'Email a one-time reset link (same answer whether or not the account exists)' })
  async requestReset(@Body() dto: ResetRequestDto, @Req() req: Req): Promise<void> {
    await this.auth.requestPasswordReset(dto.email, clientMeta(req));
  }

  @Post('password-reset/confirm')
  @Public()
  @HttpCode(204)
  async confirmReset(@Body() dto: ResetConfirmDto): Promise<void> {
    await this.auth.confirmPasswordReset(dto.token, dto.password);
  }
}
