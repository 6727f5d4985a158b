import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtAuthenticator, credentialOfConnectionParams, NO_AUTHENTICATION, privateCacheControl, staticBearerCheck } from '../../src/server/auth.js';
import { AUDIENCE, generateTestKey, ISSUER, type JwksServer, signToken, startJwksServer, type TestKey } from '../support/jwks.js';

let key: TestKey;
let jwks: JwksServer;
beforeAll(async () => {
  key = await generateTestKey('unit-key', 'ES256');
  jwks = await startJwksServer([key]);
});
afterAll(() => jwks.close());

const settings = () => ({
  jwksUrl: new URL(jwks.url),
  issuer: ISSUER,
  audience: AUDIENCE,
  clockToleranceSeconds: 30,
  requiredScopes: ['appconfig:read'],
  applicationsClaim: 'apps',
  jwksCooldownSeconds: 30,
});

describe('the authenticator, apart from any transport', () => {
  it('turns a verified credential into a caller: subject and the applications it may read', async () => {
    const authenticator = createJwtAuthenticator(settings(), pino({ level: 'silent' }));
    const token = await signToken(key, { scope: 'appconfig:read other', apps: 'chk2svc 339ohji' }, { subject: 'svc-dashboard' });
    const result = await authenticator.authenticate(`Bearer ${token}`);
    expect('caller' in result).toBe(true);
    if (!('caller' in result)) return;
    expect(result.caller).toMatchObject({ subject: 'svc-dashboard', authenticated: true });
    expect(['chk2svc', '339ohji', 'srch7ui'].map((id) => result.caller.access.mayRead(id))).toEqual([true, true, false]);
  });

  it('keys callers with equal access alike for the response cache, and others apart', async () => {
    const authenticator = createJwtAuthenticator(settings(), pino({ level: 'silent' }));
    const accessOf = async (apps: unknown) => {
      const result = await authenticator.authenticate(`Bearer ${await signToken(key, { scope: 'appconfig:read', apps })}`);
      if (!('caller' in result)) throw new Error('refused');
      return result.caller.access.cacheKey;
    };
    expect(await accessOf(['b', 'a'])).toBe(await accessOf('a,b'));
    expect(await accessOf(['a'])).not.toBe(await accessOf(['a', 'b']));
    expect(await accessOf(['*'])).toBe('all');
  });

  it('reads the credential of a WebSocket connection_init payload', async () => {
    expect(credentialOfConnectionParams({ Authorization: 'Bearer abc' })).toBe('Bearer abc');
    expect(credentialOfConnectionParams({ authorization: 'Bearer def' })).toBe('Bearer def');
    expect(credentialOfConnectionParams({ authorization: 42 })).toBeUndefined();
    expect(credentialOfConnectionParams(undefined)).toBeUndefined();
    const authenticator = createJwtAuthenticator(settings(), pino({ level: 'silent' }));
    const params = { Authorization: `Bearer ${await signToken(key, { scope: 'appconfig:read' })}` };
    expect(await authenticator.authenticate(credentialOfConnectionParams(params))).toHaveProperty('caller.authenticated', true);
    expect(await authenticator.authenticate(credentialOfConnectionParams({}))).toHaveProperty('problem.status', 401);
  });

  it('lets everyone in, reading every application, when authentication is off', async () => {
    const result = await NO_AUTHENTICATION.authenticate(undefined);
    expect(result).toMatchObject({ caller: { authenticated: false, subject: undefined } });
  });
});

describe('helpers', () => {
  it('checks a static bearer token in constant time', () => {
    const check = staticBearerCheck('c2VjcmV0LXRva2VuLTEyMzQ=');
    expect([
      check('Bearer c2VjcmV0LXRva2VuLTEyMzQ='),
      check('bearer  c2VjcmV0LXRva2VuLTEyMzQ='),
      check('Bearer other'),
      check(undefined),
      check('c2VjcmV0LXRva2VuLTEyMzQ='),
    ]).toEqual([true, true, false, false, false]);
  });

  it('makes a public Cache-Control private', () => {
    expect(privateCacheControl('max-age=86400, public')).toBe('max-age=86400, private');
    expect(privateCacheControl('no-store')).toBe('no-store');
  });
});
