import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../common/paths';
import { ApiExcludeController } from '@nestjs/swagger';
import type { HealthDto } from '@wala/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../common/access';
import { safeEqual } from '../common/crypto';
import { AppError } from '../common/errors';
import { RedisService } from '../common/redis.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { METRICS, type Metrics } from './metrics';

export { METRICS };
const VERSION: string = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')).version;

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Operational endpoints outside /api/v1: health for load balancers, Prometheus metrics. */
@ApiExcludeController()
@Controller()
export class OpsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(METRICS) private readonly metrics: Metrics,
    private readonly ds: DataSource,
    private readonly redis: RedisService,
  ) {}

  @Get('api/health')
  @Public()
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthDto> {
    let database: HealthDto['database'] = 'ok';
    try {
      await this.ds.query('SELECT 1');
    } catch {
      database = 'down';
    }
    const redis: HealthDto['redis'] = this.redis.client ? (this.redis.ready ? 'ok' : 'down') : 'not-configured';
    const status = database === 'ok' ? (redis === 'down' ? 'degraded' : 'ok') : 'degraded';
    if (database !== 'ok') reply.status(503);
    return { status, database, redis, embedded: this.config.embedded, version: VERSION };
  }

  /**
   * Prometheus scrape: allowed with `Authorization: Bearer METRICS_TOKEN`, or from the loopback
   * interface itself (the socket's address, never X-Forwarded-For).
   */
  @Get('metrics')
  @Public()
  async scrape(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const auth = req.headers.authorization;
    const byToken =
      !!this.config.metricsToken && typeof auth === 'string' && safeEqual(auth, `Bearer ${this.config.metricsToken}`);
    const fromLoopback = LOOPBACK.has(req.socket.remoteAddress ?? '');
    if (!byToken && !fromLoopback) throw new AppError(403, 'errors.forbidden');
    await reply.header('content-type', this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
