import { badRequest } from '../errors.js';
import { PREDEFINED_STRATEGIES, type StrategyRecord } from '../state.js';
import { present } from '../wire.js';
import { keepTags, positioned } from './shared.js';
import type { OperationContext, OperationHandlers } from './types.js';

type StrategyOperations = Pick<
  OperationHandlers,
  'CreateDeploymentStrategy' | 'GetDeploymentStrategy' | 'ListDeploymentStrategies' | 'UpdateDeploymentStrategy' | 'DeleteDeploymentStrategy'
>;

const isPredefined = (id: string) => PREDEFINED_STRATEGIES.some((strategy) => strategy.Id === id);

export function strategyOperations({ state, clock, paginator }: OperationContext): StrategyOperations {
  const ownStrategy = (id: string, verb: string): StrategyRecord => {
    const strategy = state.strategy(id);
    if (isPredefined(id)) throw badRequest(`${id} is a predefined deployment strategy and cannot be ${verb}.`);
    return strategy;
  };

  return {
    CreateDeploymentStrategy(input) {
      const record: StrategyRecord = {
        Id: state.newId(),
        Name: input.Name,
        ...present('Description', input.Description),
        DeploymentDurationInMinutes: input.DeploymentDurationInMinutes,
        GrowthType: input.GrowthType ?? 'LINEAR',
        GrowthFactor: input.GrowthFactor,
        FinalBakeTimeInMinutes: input.FinalBakeTimeInMinutes ?? 0,
        ReplicateTo: input.ReplicateTo ?? 'NONE',
      };
      state.addStrategy(record, clock.now());
      keepTags(state, { kind: 'deploymentstrategy', strategyId: record.Id }, input.Tags);
      return record;
    },
    GetDeploymentStrategy: (input) => state.strategy(input.DeploymentStrategyId),
    ListDeploymentStrategies: (input) => paginator.page('ListDeploymentStrategies', input, positioned(state.strategies.rows())),
    UpdateDeploymentStrategy(input) {
      const record: StrategyRecord = {
        ...ownStrategy(input.DeploymentStrategyId, 'changed'),
        ...present('Description', input.Description),
        ...present('DeploymentDurationInMinutes', input.DeploymentDurationInMinutes),
        ...present('FinalBakeTimeInMinutes', input.FinalBakeTimeInMinutes),
        ...present('GrowthFactor', input.GrowthFactor),
        ...present('GrowthType', input.GrowthType),
      };
      state.addStrategy(record);
      return record;
    },
    /** Deployments keep the plan they started with, so a strategy in use may go; predefined ones may not. */
    DeleteDeploymentStrategy(input) {
      ownStrategy(input.DeploymentStrategyId, 'deleted');
      state.remove({ kind: 'deploymentstrategy', strategyId: input.DeploymentStrategyId });
      return {};
    },
  };
}
