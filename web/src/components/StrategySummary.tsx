import type { GrowthType } from '../graphql/generated/graphql';
import { formatMinutes } from '../model/time';

export interface StrategyParameters {
  readonly growthType?: GrowthType | null;
  readonly growthFactor?: number | null;
  readonly deploymentDurationInMinutes?: number | null;
  readonly finalBakeTimeInMinutes?: number | null;
}

/** "Linear +25% per step": how the share of clients grows, in AppConfig's terms. */
export function describeGrowth({ growthType, growthFactor }: StrategyParameters): string {
  const factor = growthFactor ?? '?';
  switch (growthType) {
    case 'LINEAR':
      return `Linear, +${factor}% per step`;
    case 'EXPONENTIAL':
      return `Exponential from ${factor}%, doubling`;
    case null:
    case undefined:
      return 'Growth not reported';
  }
}

/** The strategy parameters a deployment ran with: growth, duration and bake time. */
export function StrategySummary({ strategy }: { readonly strategy: StrategyParameters }) {
  const { deploymentDurationInMinutes: duration, finalBakeTimeInMinutes: bake } = strategy;
  return (
    <dl className="facts facts--inline">
      <div>
        <dt>Growth</dt>
        <dd>{describeGrowth(strategy)}</dd>
      </div>
      <div>
        <dt>Duration</dt>
        <dd>{duration == null ? '—' : formatMinutes(duration)}</dd>
      </div>
      <div>
        <dt>Bake</dt>
        <dd>{bake == null ? '—' : formatMinutes(bake)}</dd>
      </div>
    </dl>
  );
}
