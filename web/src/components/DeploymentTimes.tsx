import { elapsedMs, formatDuration, formatTimestamp } from '../model/time';
import { useNow } from './use-now';

interface DeploymentTimesProps {
  readonly startedAt: string | null | undefined;
  readonly completedAt: string | null | undefined;
}

/** Started, completed and elapsed; the elapsed time counts up each second until the deployment ends. */
export function DeploymentTimes({ startedAt, completedAt }: DeploymentTimesProps) {
  const running = startedAt != null && completedAt == null;
  const now = useNow(1000, running);
  return (
    <dl className="facts facts--inline">
      <div>
        <dt>Started</dt>
        <dd>{startedAt ? <time dateTime={startedAt}>{formatTimestamp(startedAt)}</time> : '—'}</dd>
      </div>
      <div>
        <dt>Completed</dt>
        <dd>{completedAt ? <time dateTime={completedAt}>{formatTimestamp(completedAt)}</time> : 'not yet'}</dd>
      </div>
      <div>
        <dt>Elapsed</dt>
        <dd>{startedAt ? formatDuration(elapsedMs(startedAt, completedAt, now)) : '—'}</dd>
      </div>
    </dl>
  );
}
