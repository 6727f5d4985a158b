import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    expect(loadConfig({})).toEqual({
      production: false,
      port: 4000,
      host: '127.0.0.1',
      appConfig: {
        source: 'embedded',
        maxConcurrency: 10,
        maxAttempts: 3,
        timeoutMs: 5000,
        maxListPages: 5,
        maxCallsPerRequest: 200,
        queueTimeoutMs: 2000,
        rates: { get: 50, list: 5 },
      },
      requestTimeoutMs: 20_000,
      shutdownGraceMs: 22_000,
      graphql: { maxTokens: 3000, maxDepth: 20 },
      live: { watchIntervalMs: 5000, maxSubscriptions: 10_000, maxPerConnection: 100 },
      logLevel: 'info',
      logFormat: undefined,
      corsOrigins: undefined,
      introspection: true,
      maxQueryCost: 25_000,
      httpMaxAge: { final: 86_400, active: 5 },
      redisUrl: undefined,
      cache: {
        backend: 'memory',
        maxEntries: 10_000,
        responses: true,
        responseMaxBytes: 33_554_432,
        ttl: { final: 86_400, active: 5, list: 5, resource: 30, notFound: 5, staleIfError: 86_400 },
      },
      dashboard: { enabled: true, path: '/dashboard' },
      metrics: { port: undefined, token: undefined, maxOperationNames: 100 },
      auth: { mode: 'none' },
    });
  });

  it('uses Redis when REDIS_URL is set, and refuses CACHE_BACKEND=redis without it', () => {
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toMatchObject({ redisUrl: 'redis://127.0.0.1:6379', cache: { backend: 'redis' } });
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', CACHE_BACKEND: 'none' }).cache.backend).toBe('none');
    expect(() => loadConfig({ CACHE_BACKEND: 'redis' })).toThrow(/REDIS_URL must be set/);
  });

  it('serves the dashboard at DASHBOARD_PATH unless DASHBOARD_ENABLED=false, and refuses paths it cannot serve', () => {
    expect(loadConfig({ DASHBOARD_PATH: '/ops/deployments' }).dashboard).toEqual({ enabled: true, path: '/ops/deployments' });
    expect(loadConfig({ DASHBOARD_ENABLED: 'false' }).dashboard.enabled).toBe(false);
    for (const path of ['dashboard', '/dashboard/', '/', '/graphql', '/healthz', '/readyz', '/metrics', '/a b']) {
      expect(() => loadConfig({ DASHBOARD_PATH: path }), path).toThrow(/DASHBOARD_PATH=/);
    }
    expect(() => loadConfig({ DASHBOARD_ENABLED: 'no' })).toThrow(/DASHBOARD_ENABLED="no"/);
  });

  it('turns introspection off in production unless GRAPHQL_INTROSPECTION says otherwise', () => {
    expect(loadConfig({ NODE_ENV: 'production', APPCONFIG_SOURCE: 'aws', AUTH_MODE: 'none' }).introspection).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', APPCONFIG_SOURCE: 'aws', AUTH_MODE: 'none', GRAPHQL_INTROSPECTION: 'true' }).introspection).toBe(true);
    expect(loadConfig({ GRAPHQL_INTROSPECTION: 'false' }).introspection).toBe(false);
  });

  it('refuses to start in production without an explicit APPCONFIG_SOURCE, rather than serve sample data', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/APPCONFIG_SOURCE must be set in production/);
    expect(loadConfig({ NODE_ENV: 'production', APPCONFIG_SOURCE: 'embedded', AUTH_MODE: 'none' }).appConfig.source).toBe('embedded');
  });

  it('refuses a REDIS_URL without a redis:// scheme, naming the variable', () => {
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL="localhost:6379": must start with redis:\/\/ or rediss:\/\//);
    expect(loadConfig({ REDIS_URL: 'rediss://cache.example:6380' }).redisUrl).toBe('rediss://cache.example:6380');
  });

  it('derives the shutdown grace from the request timeout and refuses a shorter one', () => {
    expect(loadConfig({ REQUEST_TIMEOUT_MS: '5000' }).shutdownGraceMs).toBe(7000);
    expect(loadConfig({ REQUEST_TIMEOUT_MS: '5000', SHUTDOWN_GRACE_MS: '60000' }).shutdownGraceMs).toBe(60_000);
    expect(() => loadConfig({ REQUEST_TIMEOUT_MS: '5000', SHUTDOWN_GRACE_MS: '1000' })).toThrow(/SHUTDOWN_GRACE_MS=1000: must be at least 7000/);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      HOST: '0.0.0.0',
      APPCONFIG_SOURCE: 'aws',
      AUTH_MODE: 'none',
      APPCONFIG_MAX_CONCURRENCY: '25',
      APPCONFIG_MAX_ATTEMPTS: '5',
      APPCONFIG_TIMEOUT_MS: '1500',
      APPCONFIG_MAX_CALLS_PER_REQUEST: '50',
      APPCONFIG_QUEUE_TIMEOUT_MS: '300',
      REQUEST_TIMEOUT_MS: '9000',
      SHUTDOWN_GRACE_MS: '15000',
      GRAPHQL_MAX_TOKENS: '1000',
      GRAPHQL_MAX_DEPTH: '12',
      LOG_LEVEL: 'debug',
      CORS_ORIGINS: 'https://a.example, https://b.example,',
      HTTP_MAX_AGE_FINAL_SECONDS: '600',
      HTTP_MAX_AGE_ACTIVE_SECONDS: '2',
    });
    expect(config).toMatchObject({
      production: true,
      port: 8080,
      host: '0.0.0.0',
      appConfig: { source: 'aws', maxConcurrency: 25, maxAttempts: 5, timeoutMs: 1500, maxCallsPerRequest: 50, queueTimeoutMs: 300 },
      requestTimeoutMs: 9000,
      shutdownGraceMs: 15_000,
      graphql: { maxTokens: 1000, maxDepth: 12 },
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

  it('requires an explicit AUTH_MODE in production, and AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE with jwt', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', APPCONFIG_SOURCE: 'aws' })).toThrow(/AUTH_MODE must be set in production/);
    expect(loadConfig({ NODE_ENV: 'production', APPCONFIG_SOURCE: 'aws', AUTH_MODE: 'none' }).auth).toEqual({ mode: 'none' });
    expect(loadConfig({}).auth).toEqual({ mode: 'none' });
    let error: unknown;
    try {
      loadConfig({ AUTH_MODE: 'jwt', AUTH_ISSUER: 'https://issuer.example/' });
    } catch (caught) {
      error = caught;
    }
    expect((error as ConfigError).problems).toEqual(['AUTH_MODE="jwt": AUTH_JWKS_URL must be set', 'AUTH_MODE="jwt": AUTH_AUDIENCE must be set']);
  });

  it('reads the JWT settings, splitting scopes on commas and spaces, and refuses a JWKS URL over plain HTTP off loopback', () => {
    const { auth } = loadConfig({
      AUTH_MODE: 'jwt',
      AUTH_JWKS_URL: 'https://issuer.example/.well-known/jwks.json',
      AUTH_ISSUER: 'https://issuer.example/',
      AUTH_AUDIENCE: 'appconfig-graph',
      AUTH_CLOCK_SKEW_SECONDS: '5',
      AUTH_REQUIRED_SCOPES: 'appconfig:read, deployments:read  extra',
      AUTH_APPLICATIONS_CLAIM: 'appconfig_apps',
    });
    expect(auth).toEqual({
      mode: 'jwt',
      jwt: {
        jwksUrl: new URL('https://issuer.example/.well-known/jwks.json'),
        issuer: 'https://issuer.example/',
        audience: 'appconfig-graph',
        clockToleranceSeconds: 5,
        requiredScopes: ['appconfig:read', 'deployments:read', 'extra'],
        applicationsClaim: 'appconfig_apps',
        jwksCooldownSeconds: 30,
      },
    });
    expect(() => loadConfig({ AUTH_MODE: 'jwt', AUTH_JWKS_URL: 'http://issuer.example/jwks', AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a' })).toThrow(
      /AUTH_JWKS_URL="http:\/\/issuer.example\/jwks": must be an https:\/\/ URL/,
    );
    expect(loadConfig({ AUTH_MODE: 'jwt', AUTH_JWKS_URL: 'http://127.0.0.1:8080/jwks', AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a' }).auth.mode).toBe('jwt');
  });

  it('requires no scope when AUTH_REQUIRED_SCOPES is unset', () => {
    const { auth } = loadConfig({ AUTH_MODE: 'jwt', AUTH_JWKS_URL: 'https://issuer.example/jwks', AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a' });
    expect(auth).toMatchObject({ mode: 'jwt', jwt: { requiredScopes: [], applicationsClaim: undefined } });
  });

  it('refuses a URL that only contains the scheme it needs further on', () => {
    expect(() => loadConfig({ REDIS_URL: 'https://cache.example/redis://x' })).toThrow(/REDIS_URL=.*must start with redis:\/\//);
    expect(() => loadConfig({ AUTH_MODE: 'jwt', AUTH_JWKS_URL: 'http://issuer.example/https://jwks', AUTH_ISSUER: 'i', AUTH_AUDIENCE: 'a' })).toThrow(
      /AUTH_JWKS_URL=.*must be an https:\/\/ URL/,
    );
  });

  it('uses the Redis of CACHE_BACKEND=redis when REDIS_URL is set', () => {
    expect(loadConfig({ CACHE_BACKEND: 'redis', REDIS_URL: 'redis://127.0.0.1:6379' }).cache.backend).toBe('redis');
  });

  it('accepts a shutdown grace of exactly the request timeout and its margin', () => {
    expect(loadConfig({ REQUEST_TIMEOUT_MS: '5000', SHUTDOWN_GRACE_MS: '7000' }).shutdownGraceMs).toBe(7000);
    expect(() => loadConfig({ REQUEST_TIMEOUT_MS: '5000', SHUTDOWN_GRACE_MS: '6999' })).toThrow(/SHUTDOWN_GRACE_MS=6999/);
  });

  it('names a single problem on one line, and lists several', () => {
    const single = (() => {
      try {
        loadConfig({ PORT: 'x' });
      } catch (error) {
        return error as ConfigError;
      }
      throw new Error('expected a ConfigError');
    })();
    expect(single.name).toBe('ConfigError');
    expect(single.message).toMatch(/^Invalid configuration: PORT="x": [^\n]+$/);
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'loud' })).toThrow(/^Invalid configuration:\n {2}- PORT="x": .*\n {2}- LOG_LEVEL="loud": /);
    expect(new ConfigError(['a', 'b']).message).toBe('Invalid configuration:\n  - a\n  - b');
  });

  it('reads the metrics settings, and refuses a METRICS_TOKEN that is not a bearer token', () => {
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_TOKEN: 'c2VjcmV0LXNjcmFwZS10b2tlbg==', METRICS_MAX_OPERATION_NAMES: '20' }).metrics).toEqual({
      port: 9464,
      token: 'c2VjcmV0LXNjcmFwZS10b2tlbg==',
      maxOperationNames: 20,
    });
    expect(() => loadConfig({ METRICS_TOKEN: 'has spaces in it, sixteen+' })).toThrow(/METRICS_TOKEN=/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/at least 16 characters/);
  });

  it('reports invalid OTEL_* values with the rest, and LOG_FORMAT', () => {
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', LOG_FORMAT: 'xml' })).toThrow(
      /LOG_FORMAT="xml".*\n.*OTEL_EXPORTER_OTLP_PROTOCOL="grpc": must be http\/protobuf or http\/json/,
    );
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
  });
});
