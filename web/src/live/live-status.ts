import type { ErrorLike } from '@apollo/client';

/** What a live hook tells its view: whether it follows a moving deployment, and why its subscription failed, if it did. */
export interface LiveStatus {
  /** True while the view follows a moving deployment. */
  readonly following: boolean;
  /** Why the subscription failed; the view keeps showing the last data it received, and the hook subscribes again. */
  readonly error: ErrorLike | undefined;
}
