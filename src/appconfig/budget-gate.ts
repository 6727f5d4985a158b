import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Where each attempt of an AppConfig call takes its turn from the rate budget: at the HTTP handler,
 * just before the request is written, so that the budget paces what AppConfig receives (a step
 * earlier in the SDK's pipeline would let signing and connecting blur the pacing), and once per
 * attempt, so that retries spend the budget too. The SDK passes nothing of its caller down its
 * pipeline, so the call's way of taking its turn travels through an AsyncLocalStorage.
 */
export class BudgetGate {
  private readonly turns = new AsyncLocalStorage<() => Promise<void>>();

  /** Runs `send` (an SDK call) so that each of its attempts first awaits `takeTurn`. */
  run<T>(takeTurn: () => Promise<void>, send: () => Promise<T>): Promise<T> {
    return this.turns.run(takeTurn, send);
  }

  /** Given to the client's HTTP handler: awaits the current call's turn (calls made outside `run` pass). */
  readonly beforeAttempt = async (): Promise<void> => {
    await this.turns.getStore()?.();
  };
}
