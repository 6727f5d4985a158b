import type { LiveStatus } from '../live';
import { ProblemNotice } from './ProblemNotice';

/** Says that a view follows a moving deployment, and why its latest update failed if one did. */
export function LiveNotice({ status, subject }: { readonly status: LiveStatus; readonly subject: string }) {
  return (
    <>
      {status.following ? (
        <p className="live">
          <span className="live__dot" aria-hidden="true" /> Live: {subject} updates as it moves
        </p>
      ) : null}
      <ProblemNotice error={status.error} during={`Updating ${subject} (the last data received stays shown)`} />
    </>
  );
}
