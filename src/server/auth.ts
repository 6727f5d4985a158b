import { createHash, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, errors, type JWTPayload, jwtVerify } from 'jose';
import { ALL_APPLICATIONS, type ApplicationAccess, onlyApplications } from '../access.js';
import type { JwtConfig } from '../config.js';
import { ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';

/** Who is asking, as authentication let them in. */
export interface Caller {
  /** The token's `sub`; undefined when authentication is off. */
  readonly subject: string | undefined;
  /** True when a verified token let the caller in: answers are then for this caller only (`Cache-Control: private`). */
  readonly authenticated: boolean;
  readonly access: ApplicationAccess;
}

/** Why a caller was not let in, and how to answer them. Never repeats the token. */
export interface AuthProblem {
  /** 401: no usable token; 403: a required scope is missing; 503: the keys to verify it could not be fetched. */
  readonly status: 401 | 403 | 503;
  readonly code: typeof ErrorCode.UNAUTHENTICATED | typeof ErrorCode.FORBIDDEN;
  readonly message: string;
  /** The `WWW-Authenticate` challenge (RFC 6750), for 401 and 403. */
  readonly challenge: string | undefined;
}

export type Authentication = { readonly caller: Caller } | { readonly problem: AuthProblem };

/**
 * Decides who a credential belongs to. Transport-independent: HTTP passes its `Authorization` header,
 * a WebSocket its `connection_init` payload's `Authorization` (or `authorization`) member, SSE its
 * request's header; each answers a problem in its own way (HTTP 401, WebSocket close 4401…).
 */
export interface Authenticator {
  /** `authorization` is a credential as sent, `Bearer <token>`; undefined when none was. */
  authenticate(authorization: string | undefined): Promise<Authentication>;
}

/** The caller when authentication is off (AUTH_MODE=none): anyone, reading every application. */
export const ANONYMOUS: Caller = Object.freeze({ subject: undefined, authenticated: false, access: ALL_APPLICATIONS });

export const NO_AUTHENTICATION: Authenticator = Object.freeze({ authenticate: () => Promise.resolve({ caller: ANONYMOUS }) });

/** Asymmetric algorithms only: a key set publishes public keys, and `none` or an HMAC must never verify. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** RFC 6750's `b64token`, after `Bearer `. */
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

const REALM = 'appconfig-graph';

/**
 * Bearer JWTs verified against the issuer's key set: signature, `iss`, `aud`, `exp` (required) and
 * `nbf` within the clock tolerance, then the required scopes, then the caller's applications. The key
 * set is fetched on first use and cached; a token signed with a key it does not hold (the issuer
 * rotated its keys) refetches it once, at most once per cooldown.
 */
export function createJwtAuthenticator(settings: JwtConfig, logger: Logger): Authenticator {
  const keys = createRemoteJWKSet(settings.jwksUrl, { cooldownDuration: settings.jwksCooldownSeconds * 1000, timeoutDuration: 5000 });
  return {
    async authenticate(authorization) {
      if (authorization === undefined || authorization.trim() === '') {
        return unauthenticated('This gateway requires a bearer token: send `Authorization: Bearer <token>`.', undefined);
      }
      const token = BEARER.exec(authorization.trim())?.[1];
      if (token === undefined) return unauthenticated('The Authorization header must be `Bearer <token>`.', 'invalid_request');
      let claims: JWTPayload;
      try {
        ({ payload: claims } = await jwtVerify(token, keys, {
          issuer: settings.issuer,
          audience: settings.audience,
          clockTolerance: settings.clockToleranceSeconds,
          algorithms: ALGORITHMS,
          requiredClaims: ['exp'],
        }));
      } catch (error) {
        if (keySetUnavailable(error)) {
          logger.error({ err: error, jwksUrl: settings.jwksUrl.href }, 'could not fetch the key set that verifies bearer tokens (AUTH_JWKS_URL)');
          return {
            problem: {
              status: 503,
              code: ErrorCode.UNAUTHENTICATED,
              message: 'The gateway cannot verify tokens right now; try again shortly.',
              challenge: undefined,
            },
          };
        }
        const reason = rejection(error);
        logger.debug({ reason }, 'bearer token refused');
        return unauthenticated(`The bearer token was refused: ${reason}.`, 'invalid_token');
      }
      const missing = settings.requiredScopes.filter((scope) => !scopesOf(claims).has(scope));
      if (missing.length > 0) {
        return {
          problem: {
            status: 403,
            code: ErrorCode.FORBIDDEN,
            message: `The bearer token lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')} this gateway requires.`,
            challenge: `Bearer realm="${REALM}", error="insufficient_scope", scope="${settings.requiredScopes.join(' ')}"`,
          },
        };
      }
      return {
        caller: {
          subject: claims.sub,
          authenticated: true,
          access: settings.applicationsClaim === undefined ? ALL_APPLICATIONS : accessFromClaim(claims[settings.applicationsClaim]),
        },
      };
    },
  };
}

function unauthenticated(message: string, error: 'invalid_request' | 'invalid_token' | undefined): Authentication {
  const challenge = error === undefined ? `Bearer realm="${REALM}"` : `Bearer realm="${REALM}", error="${error}"`;
  return { problem: { status: 401, code: ErrorCode.UNAUTHENTICATED, message, challenge } };
}

/** The key set could not be fetched or read: the gateway's problem, not the caller's token's. */
function keySetUnavailable(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return true;
  // fetch's own failures (refused connection, DNS) and jose's "Expected 200 OK" for any other status.
  return error instanceof TypeError || (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC');
}

/** What was wrong with a token, in words safe to send back (no claim values, no token). */
function rejection(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'it has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'iss':
        return 'it was not issued by the issuer this gateway trusts';
      case 'aud':
        return 'it is not meant for this gateway (audience)';
      case 'nbf':
        return 'it is not valid yet';
      case 'exp':
        return 'it has no expiry';
      default:
        return `its "${error.claim}" claim is invalid`;
    }
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) return 'its signing algorithm is not accepted';
  if (error instanceof errors.JWKSNoMatchingKey) return 'it is signed with a key the issuer does not publish';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'its signature does not verify';
  return 'it is not a well-formed signed JWT';
}

/** OAuth's space-separated `scope`, or the `scp` array some issuers use instead. */
function scopesOf(claims: JWTPayload): Set<string> {
  return new Set([...listClaim(claims['scope']), ...listClaim(claims['scp'])]);
}

/** A claim holding ids as an array of strings or one space- or comma-separated string; anything else holds none. */
function listClaim(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[\s,]+/).filter((item) => item.length > 0);
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

/** `*` grants every application; a missing or malformed claim grants none. */
function accessFromClaim(value: unknown): ApplicationAccess {
  const ids = listClaim(value);
  return ids.includes('*') ? ALL_APPLICATIONS : onlyApplications(ids);
}

/**
 * The credential a GraphQL-over-WebSocket client sends in its `connection_init` payload, as Apollo
 * Client and graphql-ws clients usually do: `{ Authorization: 'Bearer …' }` (or `authorization`). For
 * `Authenticator.authenticate`, so a socket is let in exactly as an HTTP request would be.
 */
export function credentialOfConnectionParams(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const value = params?.['Authorization'] ?? params?.['authorization'];
  return typeof value === 'string' ? value : undefined;
}

/**
 * A static bearer token (METRICS_TOKEN) checked in constant time: for the metrics endpoint, which a
 * Prometheus scrape config reaches with `authorization: { credentials: … }`.
 */
export function staticBearerCheck(expected: string): (authorization: string | undefined) => boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  const expectedDigest = digest(expected);
  return (authorization) => {
    const token = authorization === undefined ? undefined : BEARER.exec(authorization.trim())?.[1];
    return token !== undefined && timingSafeEqual(digest(token), expectedDigest);
  };
}

/** `Cache-Control` for an authenticated caller's answer: what shared caches may keep for anyone stays in the caller's own. */
export function privateCacheControl(value: string): string {
  return value.replace(/\bpublic\b/i, 'private');
}
