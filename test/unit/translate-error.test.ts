import { AppConfigServiceException, BadRequestException, ResourceNotFoundException } from '@aws-sdk/client-appconfig';
import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { QueueTimeoutError } from '../../src/appconfig/admission.js';
import { RateBudgetExceededError } from '../../src/appconfig/rate-budget.js';
import { translateAppConfigError } from '../../src/appconfig/translate-error.js';

const metadata = (httpStatusCode: number) => ({ httpStatusCode, requestId: 'req-1', attempts: 3, totalRetryDelay: 0 });
const serviceError = (name: string, status: number) =>
  new AppConfigServiceException({ name, $fault: status >= 500 ? 'server' : 'client', $metadata: metadata(status), message: `${name} happened` });
const withCode = (code: string, name = 'Error') => Object.assign(new Error(`connect ${code} 10.1.2.3:443`), { code, name });
const named = (name: string) => Object.assign(new Error('detail that stays on the server'), { name });

/** What a client sees of the error: its message and extensions. */
const seen = (error: GraphQLError) => ({ message: error.message, extensions: error.extensions });

describe('translateAppConfigError: what AppConfig failing looks like (UPSTREAM_ERROR)', () => {
  it.each([
    ['a connection reset', withCode('ECONNRESET'), 'the connection to AppConfig broke (ECONNRESET)'],
    ['a broken pipe', withCode('EPIPE'), 'the connection to AppConfig broke (EPIPE)'],
    ['a reset the SDK names a timeout', withCode('ECONNRESET', 'TimeoutError'), 'the connection to AppConfig broke (ECONNRESET)'],
    ['a refused connection', withCode('ECONNREFUSED'), 'could not reach AppConfig (ECONNREFUSED)'],
    ['an unknown host', withCode('ENOTFOUND'), 'could not reach AppConfig (ENOTFOUND)'],
    ['a refusal the SDK names a timeout', withCode('ECONNREFUSED', 'TimeoutError'), 'could not reach AppConfig (ECONNREFUSED)'],
    ['a timeout', named('TimeoutError'), 'timed out'],
    ['another socket error', withCode('ESOMETHING'), 'could not reach AppConfig (ESOMETHING)'],
    ['a service error with a status', serviceError('ServiceUnavailable', 503), 'ServiceUnavailable (HTTP 503)'],
    [
      'a service error without a status',
      new AppConfigServiceException({ name: 'InternalServerException', $fault: 'server', $metadata: {}, message: 'oops' }),
      'InternalServerException',
    ],
    ['an unreadable answer', Object.assign(named('SyntaxError'), { $metadata: { httpStatusCode: 502 } }), 'unreadable response (HTTP 502)'],
    ['an error of another kind', named('TypeError'), 'TypeError'],
    ['a code that is not a socket error', Object.assign(named('Weird'), { code: 'Enot' }), 'Weird'],
    ['an abort the request did not cause', named('AbortError'), 'AbortError'],
    ['a Node error code that is no socket error', withCode('ERR_HTTP2_STREAM_ERROR'), 'Error'],
    ['a non-Error value', 'weird', 'unknown error'],
    // A thrown function is no SDK error, whatever it is called.
    ['a thrown function', function TimeoutError() {}, 'unknown error'],
    ['null', null, 'unknown error'],
  ])('names %s, and nothing more', (_case, error, failure) => {
    const translated = translateAppConfigError('GetDeployment', error);
    expect(translated.message).toBe(`AppConfig GetDeployment failed: ${failure}.`);
    expect(translated.extensions['code']).toBe('UPSTREAM_ERROR');
    expect(translated.message).not.toContain('10.1.2.3');
    expect(translated.message).not.toContain('stays on the server');
  });

  it("says the request's time ran out when its own signal aborted the call", () => {
    const controller = new AbortController();
    controller.abort();
    expect(seen(translateAppConfigError('ListDeployments', named('AbortError'), controller.signal))).toStrictEqual({
      message: "AppConfig ListDeployments did not answer before the request's time ran out (REQUEST_TIMEOUT_MS).",
      extensions: { code: 'UPSTREAM_ERROR', upstream: { operation: 'ListDeployments', errorName: 'AbortError' } },
    });
    expect(translateAppConfigError('ListDeployments', named('AbortError'), new AbortController().signal).message).toBe(
      'AppConfig ListDeployments failed: AbortError.',
    );
    // A call that failed on its own before the request's time ran out says how it failed.
    expect(translateAppConfigError('ListDeployments', serviceError('ServiceUnavailable', 503), controller.signal).message).toBe(
      'AppConfig ListDeployments failed: ServiceUnavailable (HTTP 503).',
    );
  });

  it('publishes what is known of the call, and only that, and keeps the original as the cause', () => {
    const error = serviceError('ServiceUnavailable', 503);
    const translated = translateAppConfigError('GetDeployment', error);
    expect(translated.extensions['upstream']).toStrictEqual({
      operation: 'GetDeployment',
      errorName: 'ServiceUnavailable',
      httpStatus: 503,
      requestId: 'req-1',
      attempts: 3,
    });
    expect(translated.cause).toBe(error);
    expect(translateAppConfigError('GetApplication', 'weird').extensions).toStrictEqual({ code: 'UPSTREAM_ERROR', upstream: { operation: 'GetApplication' } });
  });
});

describe("translateAppConfigError: the gateway's own refusals (UPSTREAM_THROTTLED)", () => {
  it('names the busy call slots, and asks to retry in a second', () => {
    expect(seen(translateAppConfigError('GetDeployment', new QueueTimeoutError(120)))).toStrictEqual({
      message:
        "The gateway's AppConfig calls are all busy (APPCONFIG_MAX_CONCURRENCY): GetDeployment waited 120 ms for one of the gateway's AppConfig call slots and was not made; try again shortly.",
      extensions: { code: 'UPSTREAM_THROTTLED', retryAfterSeconds: 1, upstream: { operation: 'GetDeployment', errorName: 'QueueTimeoutError' } },
    });
  });

  it.each([
    ['get', 1500, 'APPCONFIG_GET_RATE', 'try again in 2 s', 2],
    ['list', 3000, 'APPCONFIG_LIST_RATE', 'try again in 3 s', 3],
    ['get', 0, 'APPCONFIG_GET_RATE', 'try again in 0 s', 1],
  ] as const)('names the spent %s budget and when to retry (%s ms)', (quota, retryAfterMs, variable, retry, retryAfterSeconds) => {
    expect(seen(translateAppConfigError('ListDeployments', new RateBudgetExceededError(quota, retryAfterMs)))).toStrictEqual({
      message: `The gateway's AppConfig budget is spent for now (${variable}): ListDeployments was not made; ${retry}.`,
      extensions: { code: 'UPSTREAM_THROTTLED', retryAfterSeconds, upstream: { operation: 'ListDeployments', errorName: 'RateBudgetExceeded' } },
    });
  });

  it("says how many attempts AppConfig's throttling outlasted", () => {
    expect(translateAppConfigError('GetDeployment', serviceError('ThrottlingException', 429)).message).toBe(
      'AppConfig is throttling GetDeployment calls (still throttled after 3 attempts); try again shortly.',
    );
    expect(translateAppConfigError('GetDeployment', named('ThrottlingException')).message).toBe(
      'AppConfig is throttling GetDeployment calls (still throttled after 1 attempts); try again shortly.',
    );
  });
});

describe('translateAppConfigError: answers about the request (NOT_FOUND, BAD_USER_INPUT)', () => {
  it("passes AppConfig's not-found message on, or names the resource when it has none", () => {
    expect(translateAppConfigError('GetDeployment', new ResourceNotFoundException({ message: 'gone', $metadata: metadata(404) })).message).toBe('gone');
    expect(
      translateAppConfigError('GetDeployment', new ResourceNotFoundException({ message: '', $metadata: metadata(404), ResourceName: 'Deployment' })).message,
    ).toBe('Deployment not found');
    expect(translateAppConfigError('GetDeployment', new ResourceNotFoundException({ message: '', $metadata: metadata(404) })).message).toBe(
      'Resource not found',
    );
  });

  it("passes a bad request's message on, with its Reason and Details only when it has them", () => {
    const bare = translateAppConfigError('GetDeployment', new BadRequestException({ message: 'bad', $metadata: metadata(400) }));
    expect(bare.message).toBe('AppConfig rejected the request: bad');
    expect(Object.keys(bare.extensions).sort()).toEqual(['code', 'upstream']);
    const details = { InvalidConfiguration: [{ Constraint: 'c' }] };
    const full = translateAppConfigError(
      'GetDeployment',
      new BadRequestException({ message: 'bad', $metadata: metadata(400), Reason: 'InvalidConfiguration', Details: details }),
    );
    expect(full.extensions).toMatchObject({ reason: 'InvalidConfiguration', details });
  });
});

describe('translateAppConfigError: credentials (UPSTREAM_FORBIDDEN)', () => {
  it.each([
    ['AccessDeniedException', serviceError('AccessDeniedException', 403), 'AccessDeniedException'],
    ['InvalidSignatureException', serviceError('InvalidSignatureException', 400), 'InvalidSignatureException'],
    ['InvalidClientTokenId', serviceError('InvalidClientTokenId', 400), 'InvalidClientTokenId'],
    ['SignatureDoesNotMatch', serviceError('SignatureDoesNotMatch', 400), 'SignatureDoesNotMatch'],
    ['MissingAuthenticationTokenException', serviceError('MissingAuthenticationTokenException', 400), 'MissingAuthenticationTokenException'],
    ['ExpiredToken', serviceError('ExpiredToken', 400), 'ExpiredToken'],
    ['a nameless 403', { $metadata: { httpStatusCode: 403 } }, 'HTTP 403'],
  ])('%s: names what AppConfig refused, and the permission the call needs', (_case, error, refusal) => {
    const translated = translateAppConfigError('GetEnvironment', error);
    expect(translated.extensions['code']).toBe('UPSTREAM_FORBIDDEN');
    expect(translated.message).toBe(
      `AppConfig refused the gateway's credentials (${refusal}). Check that they are current and allow appconfig:GetEnvironment.`,
    );
  });

  it('says what to set when the gateway has no credentials', () => {
    expect(translateAppConfigError('GetEnvironment', named('CredentialsProviderError')).message).toBe(
      'The gateway has no AWS credentials. Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run it with an IAM role.',
    );
  });
});
