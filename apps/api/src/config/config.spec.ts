import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './config';

const dataDir = () => mkdtempSync(join(tmpdir(), 'wala-config-'));

describe('loadConfig', () => {
  it('names the variable in one line when a value is bad', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATA_DIR: dataDir() })).toThrow(/^Invalid environment variable PORT: /);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x', DATA_DIR: dataDir() })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ TRUST_PROXY: 'yes please', DATA_DIR: dataDir() })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short', DATA_DIR: dataDir() })).toThrow(/METRICS_TOKEN/);
    try {
      loadConfig({ REDIS_URL: 'localhost:6379', DATA_DIR: dataDir() });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as Error).message.split('\n')).toHaveLength(1);
    }
  });

  it('requires SESSION_SECRET with DATABASE_URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/wala' })).toThrow(/SESSION_SECRET: required/);
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/wala', SESSION_SECRET: 'x'.repeat(32) }).embedded).toBe(false);
  });

  it('generates the embedded session secret once and keeps it under DATA_DIR', () => {
    const dir = dataDir();
    const a = loadConfig({ DATA_DIR: dir });
    const b = loadConfig({ DATA_DIR: dir });
    expect(a.embedded).toBe(true);
    expect(a.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(b.sessionSecret).toBe(a.sessionSecret);
    expect(readFileSync(join(dir, 'session-secret'), 'utf8').trim()).toBe(a.sessionSecret);
  });

  it('reads TRUST_PROXY as off, on, a hop count or a list of proxies', () => {
    const d = dataDir();
    expect(loadConfig({ DATA_DIR: d }).trustProxy).toBe(false);
    expect(loadConfig({ DATA_DIR: d, TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ DATA_DIR: d, TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ DATA_DIR: d, TRUST_PROXY: '10.0.0.1, 10.0.0.0/8' }).trustProxy).toEqual(['10.0.0.1', '10.0.0.0/8']);
  });
});
