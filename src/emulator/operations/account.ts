import type { OperationContext, OperationHandlers } from './types.js';

type AccountOperations = Pick<OperationHandlers, 'GetAccountSettings' | 'UpdateAccountSettings'>;

export function accountOperations({ state }: OperationContext): AccountOperations {
  return {
    GetAccountSettings: () => state.accountSettings,
    /** Each group of settings given replaces only the members it names. */
    UpdateAccountSettings(input) {
      const current = state.accountSettings;
      state.accountSettings = {
        ...current,
        ...(input.DeletionProtection ? { DeletionProtection: { ...current.DeletionProtection, ...defined(input.DeletionProtection) } } : {}),
        ...(input.VendedMetrics ? { VendedMetrics: { ...current.VendedMetrics, ...defined(input.VendedMetrics) } } : {}),
      };
      return state.accountSettings;
    },
  };
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as Partial<T>;
}
