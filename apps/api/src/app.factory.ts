import 'reflect-metadata';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { AppModule } from './app.module';
import { createRootLogger, PinoNestLogger } from './common/logger';
import { repoRoot } from './common/paths';
import { sendProblem } from './common/problem';
import { createValidationPipe } from './common/validation';
import type { AppConfig } from './config/config';
import { openDatabase, type DatabaseHandle, type OpenDatabaseOptions } from './database/data-source';
import { runMigrations } from './database/migrate';
import { createMetrics } from './ops/metrics';

export const BODY_LIMIT = 1024 * 1024;

export interface WalaApp {
  app: NestFastifyApplication;
  db: DatabaseHandle;
  openapi: OpenAPIObject;
  /** http://host:port once listening */
  url: string;
  close(): Promise<void>;
}

export interface CreateAppOptions extends OpenDatabaseOptions {
  /** an already opened database (tests); otherwise one is opened from the config */
  db?: DatabaseHandle;
  /** listen on config.port (default true) */
  listen?: boolean;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' ws: wss:",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** Builds the whole platform: database (migrated under lock), HTTP API, OpenAPI, web app. */
export async function createApp(config: AppConfig, opts: CreateAppOptions = {}): Promise<WalaApp> {
  const db = opts.db ?? (await openDatabase(config, opts));
  try {
    await runMigrations(db.dataSource);
    const logger = createRootLogger(config.logLevel);
    const metrics = createMetrics();
    const adapter = new FastifyAdapter({
      loggerInstance: logger,
      logController: new LogController({ disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace' }),
      trustProxy: config.trustProxy,
      bodyLimit: BODY_LIMIT,
      genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
        const h = req.headers['x-request-id'];
        return typeof h === 'string' && REQUEST_ID.test(h) ? h : randomUUID();
      },
      requestIdHeader: false,
      routerOptions: { maxParamLength: 200 },
      onProtoPoisoning: 'error',
      onConstructorPoisoning: 'error',
    });
    const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config, db, metrics), adapter, {
      logger: new PinoNestLogger(logger),
      abortOnError: false,
    });
    const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
    fastify.addHook('onSend', async (req, reply, payload) => {
      reply.header('x-request-id', String(req.id));
      return payload;
    });
    fastify.addHook('onResponse', async (req, reply) => {
      const route = req.routeOptions?.url ?? 'unmatched';
      metrics.httpDuration.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
      if (reply.statusCode >= 500) metrics.httpErrors.inc({ route });
    });
    await app.register(cookie as never);
    await app.register(helmet as never, {
      contentSecurityPolicy: { useDefaults: false, directives: Object.fromEntries(CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)])) },
      crossOriginEmbedderPolicy: false,
      crossOriginResourcePolicy: { policy: 'same-origin' },
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
      hsts: config.publicUrl.startsWith('https://') ? { maxAge: 15552000 } : false,
    } as never);
    await app.register(multipart as never, { limits: { fileSize: 5 * 1024 * 1024, files: 1 } } as never);
    app.setGlobalPrefix('api/v1', { exclude: ['api/health', 'metrics'] });
    app.useGlobalPipes(createValidationPipe());

    const openapi = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Wala API')
        .setDescription('Brand community and loyalty platform. Errors are application/problem+json.')
        .setVersion('1')
        .addBearerAuth()
        .addCookieAuth('wala_session')
        .build(),
    );
    SwaggerModule.setup('api/docs', app, openapi, { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });

    serveWebApp(fastify, config);
    await app.init();
    let url = '';
    if (opts.listen !== false) {
      await app.listen({ port: config.port, host: config.host });
      const addr = fastify.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.port;
      url = `http://127.0.0.1:${port}`;
    }
    return {
      app,
      db,
      openapi,
      url,
      async close() {
        await app.close();
        if (!opts.db) await db.close();
      },
    };
  } catch (e) {
    if (!opts.db) await db.close();
    throw e;
  }
}

/**
 * In production the API serves the built Svelte app on the same port: files from
 * apps/web/dist, and index.html for any other GET outside /api, /socket.io and /metrics
 * (client-side routes), so a deep link works after a reload.
 */
function serveWebApp(fastify: FastifyInstance, config: AppConfig): void {
  const dist = config.webDist ?? join(repoRoot(), 'apps', 'web', 'dist');
  const index = join(dist, 'index.html');
  const hasWeb = existsSync(index);
  const indexHtml = hasWeb ? readFileSync(index) : null;
  const TYPES: Record<string, string> = {
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.ico': 'image/x-icon',
    '.webp': 'image/webp',
    '.json': 'application/json',
    '.woff2': 'font/woff2',
    '.txt': 'text/plain; charset=utf-8',
  };
  fastify.get('/*', async (req: FastifyRequest, reply: FastifyReply) => {
    const path = decodeURIComponent((req.url.split('?')[0] ?? '/').replace(/\/+/g, '/'));
    if (/^\/(api|socket\.io|metrics)(\/|$)/.test(path) || !indexHtml) {
      return sendProblem(req, reply, Object.assign(new Error('not found'), { statusCode: 404 }));
    }
    if (path.startsWith('/assets/') || /^\/[\w.-]+\.(ico|png|svg|txt|webmanifest)$/.test(path)) {
      const file = join(dist, path);
      if (!file.startsWith(dist) || path.includes('..') || !existsSync(file)) {
        return sendProblem(req, reply, Object.assign(new Error('not found'), { statusCode: 404 }));
      }
      const ext = path.slice(path.lastIndexOf('.'));
      return reply
        .header('content-type', TYPES[ext] ?? 'application/octet-stream')
        .header('cache-control', path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600')
        .send(readFileSync(file));
    }
    return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
  });
}
