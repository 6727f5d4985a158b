import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    expect(loadConfig({})).toEqual({
      production: false,
      port: 4000,
      host: '127.0.0.1',
      appConfig: { source: 'embedded', maxConcurrency: 10, maxAttempts: 3, timeoutMs: 5000, maxListPages: 5 },
      logLevel: 'info',
      corsOrigins: undefined,
      introspection: true,
      maxQueryCost: 25_000,
      httpMaxAge: { final: 86_400, active: 5 },
      cache: { backend: 'memory', redisUrl: undefined, maxEntries: 10_000, ttl: { final: 86_400, active: 5, list: 5, resource: 30, notFound: 5 } },
    });
  });

  it('uses Redis when REDIS_URL is set, and refuses CACHE_BACKEND=redis without it', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).cache).toMatchObject({ backend: 'redis', redisUrl: 'redis://127.0.0.1:6379' });
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', CACHE_BACKEND: 'none' }).cache.backend).toBe('none');
    expect(() => loadConfig({ CACHE_BACKEND: 'redis' })).toThrow(/REDIS_URL must be set/);
  });

  it('turns introspection off in production unless GRAPHQL_INTROSPECTION says otherwise', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' }).introspection).toBe(true);
    expect(loadConfig({ GRAPHQL_INTROSPECTION: 'false' }).introspection).toBe(false);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      HOST: '0.0.0.0',
      APPCONFIG_SOURCE: 'aws',
      APPCONFIG_MAX_CONCURRENCY: '25',
      APPCONFIG_MAX_ATTEMPTS: '5',
      APPCONFIG_TIMEOUT_MS: '1500',
      LOG_LEVEL: 'debug',
      CORS_ORIGINS: 'https://a.example, https://b.example,',
      HTTP_MAX_AGE_FINAL_SECONDS: '600',
      HTTP_MAX_AGE_ACTIVE_SECONDS: '2',
    });
    expect(config).toMatchObject({
      production: true,
      port: 8080,
      host: '0.0.0.0',
      appConfig: { source: 'aws', maxConcurrency: 25, maxAttempts: 5, timeoutMs: 1500 },
      logLevel: 'debug',
      corsOrigins: ['https://a.example', 'https://b.example'],
      httpMaxAge: { final: 600, active: 2 },
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', LOG_LEVEL: '' })).toMatchObject({ port: 4000, logLevel: 'info' });
  });

  it('reports every invalid variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: '70000', APPCONFIG_MAX_ATTEMPTS: '0', APPCONFIG_TIMEOUT_MS: 'soon', APPCONFIG_SOURCE: 'mars' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((problem) => problem.split('=')[0])).toEqual(
      expect.arrayContaining(['PORT', 'APPCONFIG_MAX_ATTEMPTS', 'APPCONFIG_TIMEOUT_MS', 'APPCONFIG_SOURCE']),
    );
    expect(problems).toHaveLength(4);
    expect((error as ConfigError).message).toContain('PORT="70000"');
  });
});
