import { randomUUID } from 'node:crypto';
import type { RedisClientType } from '@redis/client';
import type { WatchCoordinator } from './watch-hub.js';

/** Takes or renews a lease if it is free or already ours. KEYS: the lease. ARGV: owner, lease ms. */
const LEAD_SCRIPT = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if not holder then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0
`;
const UNSUBSCRIBE_WAIT_MS = 250;

/** Frees a lease only if it is ours. */
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * One poller per watched key for the whole fleet: a lease in Redis names the replica that polls
 * (renewed at each of its polls, so it lapses soon after that replica dies), and what it sees reaches
 * the others by pub/sub. `subscriber` is a connection of its own: Redis reserves a subscribing one.
 */
export class RedisWatchCoordinator implements WatchCoordinator {
  private readonly owner = randomUUID();

  constructor(
    private readonly redis: RedisClientType,
    private readonly subscriber: RedisClientType,
    private readonly leaseMs: number,
    private readonly prefix = 'appconfig-graph:watch:v1:',
  ) {}

  async lead(key: string): Promise<boolean> {
    return (await this.redis.eval(LEAD_SCRIPT, { keys: [this.lease(key)], arguments: [this.owner, String(this.leaseMs)] })) === 1;
  }

  async release(key: string): Promise<void> {
    await this.redis.eval(RELEASE_SCRIPT, { keys: [this.lease(key)], arguments: [this.owner] });
  }

  async publish(key: string, message: string): Promise<void> {
    await this.redis.publish(this.channel(key), message);
  }

  async listen(key: string, onMessage: (message: string) => void): Promise<() => Promise<void>> {
    const channel = this.channel(key);
    const listener = (message: string) => onMessage(message);
    await this.subscriber.subscribe(channel, listener);
    return async () => {
      // While Redis is down the client holds an unsubscribe until it reconnects: stopping must not wait for that.
      const unsubscribed = this.subscriber.unsubscribe(channel, listener).catch(() => undefined);
      await Promise.race([unsubscribed, new Promise((resolve) => setTimeout(resolve, UNSUBSCRIBE_WAIT_MS).unref())]);
    };
  }

  private lease(key: string): string {
    return `${this.prefix}lease:${key}`;
  }

  private channel(key: string): string {
    return `${this.prefix}changes:${key}`;
  }
}
