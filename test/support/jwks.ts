import { createServer } from 'node:http';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT, UnsecuredJWT } from 'jose';
import { listen } from '../../src/server/listen.js';

export const ISSUER = 'https://issuer.test/';
export const AUDIENCE = 'appconfig-graph';

/** A signing key of the test's own: its private half signs, its public half may be published. */
export interface TestKey {
  readonly kid: string;
  readonly alg: 'RS256' | 'ES256';
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

export async function generateTestKey(kid: string, alg: TestKey['alg'] = 'RS256'): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

export interface TokenOptions {
  readonly issuer?: string;
  readonly audience?: string;
  /** Seconds from now the token expires (negative: it expired that long ago). */
  readonly expiresIn?: number;
  readonly subject?: string;
}

/** A JWT signed with `key`, valid for this test's issuer and audience unless told otherwise. */
export function signToken(key: TestKey, claims: JWTPayload = {}, options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .setSubject(options.subject ?? 'test-user')
    .setIssuedAt(now - 60)
    .setExpirationTime(now + (options.expiresIn ?? 300))
    .sign(key.privateKey);
}

/** An unsigned JWT (`alg: none`), as an attacker would send one. */
export function unsignedToken(claims: JWTPayload): string {
  return new UnsecuredJWT(claims).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m').encode();
}

export interface JwksServer {
  /** Where the key set is served, for AUTH_JWKS_URL. */
  readonly url: string;
  /** The keys published; change it to rotate them. */
  keys: TestKey[];
  /** How many times the key set was fetched. */
  readonly fetches: number;
  close(): Promise<void>;
}

/** A JWKS endpoint on an ephemeral loopback port, as an identity provider publishes one. */
export async function startJwksServer(keys: TestKey[]): Promise<JwksServer> {
  let fetches = 0;
  const state = { keys };
  const server = createServer((req, res) => {
    fetches += 1;
    res.writeHead(200, { 'Content-Type': 'application/jwk-set+json' }).end(JSON.stringify({ keys: state.keys.map((key) => key.jwk) }));
  });
  const origin = await listen(server, 0, '127.0.0.1');
  return {
    url: `${origin}/.well-known/jwks.json`,
    get keys() {
      return state.keys;
    },
    set keys(next) {
      state.keys = next;
    },
    get fetches() {
      return fetches;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
