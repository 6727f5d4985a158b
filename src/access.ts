import { createHash } from 'node:crypto';
import { ErrorCode, gatewayError, quoted } from './errors.js';

/**
 * Which AppConfig applications a caller may read. Everything below an application (its environments,
 * deployments and configuration profiles) is read through its id, so one check per entity load
 * covers root fields, links and federation's `_entities` alike. Deployment strategies belong to the
 * account, not to an application: any caller let in may read them.
 */
export interface ApplicationAccess {
  mayRead(applicationId: string): boolean;
  /**
   * Names what this caller may read, for caches of whole answers: callers with equal access share
   * entries, others never do. Short and free of the ids themselves.
   */
  readonly cacheKey: string;
}

/** Every application: authentication is off, or the caller's token does not restrict them. */
export const ALL_APPLICATIONS: ApplicationAccess = Object.freeze({ mayRead: () => true, cacheKey: 'all' });

/** Only the applications listed (a token's application claim); an empty list allows none. */
export function onlyApplications(ids: Iterable<string>): ApplicationAccess {
  const allowed = new Set(ids);
  const digest = createHash('sha256')
    .update(JSON.stringify([...allowed].sort()))
    .digest('base64url')
    .slice(0, 22);
  return Object.freeze({ mayRead: (applicationId: string) => allowed.has(applicationId), cacheKey: `apps:${digest}` });
}

/**
 * Throws FORBIDDEN, before any AppConfig call, when the caller may not read `applicationId`: the
 * field asked for is null with that code, and its siblings still answer.
 */
export function requireReadable(access: ApplicationAccess, applicationId: string): void {
  if (!access.mayRead(applicationId)) {
    throw gatewayError(ErrorCode.FORBIDDEN, `Your token does not allow reading application ${quoted(applicationId)}.`, { extensions: { applicationId } });
  }
}
