import { useLiveUpdatesInterrupted } from '../graphql/gateway-context';
import type { LiveStatus } from '../live';
import { ProblemNotice } from './ProblemNotice';

/**
 * Says that a view follows a moving deployment (unless live updates are interrupted, which the page
 * says once), and why its subscription failed if it did.
 */
export function LiveNotice({ status, subject }: { readonly status: LiveStatus; readonly subject: string }) {
  const interrupted = useLiveUpdatesInterrupted();
  return (
    <>
      {status.following && !interrupted ? (
        <p className="live">
          <span className="live__dot" aria-hidden="true" /> Live: {subject} updates as it moves
        </p>
      ) : null}
      <ProblemNotice error={status.error} during={`Following ${subject} (the last data received stays shown)`} />
    </>
  );
}
