import type { ErrorLike } from '@apollo/client';

/** What a live hook tells its view: whether updates are flowing and why the last one failed, if it did. */
export interface LiveStatus {
  /** True while the feed follows a moving deployment closely. */
  readonly following: boolean;
  /** Why the latest update failed; the view keeps showing the last data it received. */
  readonly error: ErrorLike | undefined;
}
