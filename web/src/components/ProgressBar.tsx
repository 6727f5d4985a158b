import type { DeploymentState } from '../graphql/generated/graphql';
import { stateTone } from '../model/deployment-state';

interface ProgressBarProps {
  readonly percentage: number | null | undefined;
  readonly state: DeploymentState | null | undefined;
  /** What the bar measures, for screen readers: "Deployment 3 to production". */
  readonly label: string;
}

/** The share of clients that have the configuration, as a bar and as a number. */
export function ProgressBar({ percentage, state, label }: ProgressBarProps) {
  const value = Math.min(100, Math.max(0, percentage ?? 0));
  const text = `${Number.isInteger(value) ? value : value.toFixed(2)}%`;
  return (
    <div className="progress">
      <div
        className={`progress__track progress__track--${stateTone(state)}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-valuetext={`${text} of clients`}
      >
        <div className="progress__fill" style={{ width: `${value}%` }} />
      </div>
      <span className="progress__value">{text}</span>
    </div>
  );
}
