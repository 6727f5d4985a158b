import { createClient, type RedisClientType } from '@redis/client';

/**
 * The process's one Redis client (REDIS_URL), shared by the cache and the fleet's AppConfig budget.
 * Commands fail fast while Redis is down (no offline queue) and the client keeps reconnecting, so
 * callers fall back at once and use Redis again when it returns; they report failures themselves.
 */
export function createRedisClient(url: string): RedisClientType {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout: 1000, reconnectStrategy: (attempt: number) => Math.min(2 ** attempt * 50, 2000) },
  }) as RedisClientType;
  client.on('error', () => undefined);
  client.connect().catch(() => undefined);
  return client;
}

/** A second connection to the same Redis, for pub/sub (a subscribing connection can do nothing else), failing fast as the first. */
export function subscriberOf(client: RedisClientType): RedisClientType {
  const subscriber = client.duplicate();
  subscriber.on('error', () => undefined);
  subscriber.connect().catch(() => undefined);
  return subscriber;
}
