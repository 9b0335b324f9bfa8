import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/** Thrown for a bad environment variable; `main` prints `message` as one line and exits. */
export class ConfigError extends Error {}

export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | null;
  redisUrl: string | null;
  sessionSecret: string;
  publicUrl: string;
  dataDir: string;
  smtpUrl: string | null;
  trustProxy: boolean | number | string[];
  metricsToken: string | null;
  nodeEnv: 'production' | 'development' | 'test';
  logLevel: string;
  webDist: string | null;
  /** true when the database is the embedded PGlite under dataDir */
  embedded: boolean;
  communityName: string;
  /** giveaways may take paid entries in points (a chance draw paid for may be a lottery in some markets): off by default */
  paidGiveawayEntries?: boolean;
  /** how long a presence entry lives unless its node refreshes it (refreshed every third of it) */
  presenceTtlMs?: number;
  /** how often a node looks for expired presence entries and tells their rooms the member left */
  presenceSweepMs?: number;
}

const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => p + '//').join(' or ')}`);

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  TRUST_PROXY: z
    .string()
    .optional()
    .refine(
      (v) =>
        v === undefined ||
        ['true', 'false', ''].includes(v) ||
        /^\d+$/.test(v) ||
        v.split(',').every((p) => isIP(p.trim().split('/')[0]) !== 0),
      'must be true, false, a hop count, or a comma-separated list of proxy IPs/CIDRs',
    ),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  NODE_ENV: z.enum(['production', 'development', 'test']).default('production'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WEB_DIST: z.string().optional(),
  COMMUNITY_NAME: z.string().min(1).max(80).default('Wala'),
  GIVEAWAY_PAID_ENTRIES: z.enum(['true', 'false']).default('false'),
  PRESENCE_TTL_SECONDS: z.coerce.number().int().min(3).max(3600).default(60),
  PRESENCE_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
});

function parseTrustProxy(v: string | undefined): boolean | number | string[] {
  if (v === undefined || v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((p) => p.trim());
}

/**
 * Reads and validates the environment. Empty strings count as unset, so `FOO=` in a
 * compose file behaves like a missing variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') raw[key] = v;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0]);
    throw new ConfigError(`Invalid environment variable ${name}: ${issue.message}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  const embedded = !e.DATABASE_URL;
  let sessionSecret = e.SESSION_SECRET;
  if (!sessionSecret) {
    if (!embedded) {
      throw new ConfigError('Invalid environment variable SESSION_SECRET: required when DATABASE_URL is set (32+ characters)');
    }
    sessionSecret = loadOrCreateSecret(dataDir);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? null,
    redisUrl: e.REDIS_URL ?? null,
    sessionSecret,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    dataDir,
    smtpUrl: e.SMTP_URL ?? null,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    metricsToken: e.METRICS_TOKEN ?? null,
    nodeEnv: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    webDist: e.WEB_DIST ?? null,
    embedded,
    communityName: e.COMMUNITY_NAME,
    paidGiveawayEntries: e.GIVEAWAY_PAID_ENTRIES === 'true',
    presenceTtlMs: e.PRESENCE_TTL_SECONDS * 1000,
    presenceSweepMs: e.PRESENCE_SWEEP_SECONDS * 1000,
  };
}

/** In embedded mode the session secret is generated once and kept under DATA_DIR. */
function loadOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'session-secret');
  if (existsSync(file)) {
    const v = readFileSync(file, 'utf8').trim();
    if (v.length >= 32) return v;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

export const APP_CONFIG = Symbol('APP_CONFIG');
