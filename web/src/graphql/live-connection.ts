import { ApolloLink } from '@apollo/client';
import { type Client, createClient } from 'graphql-ws';
import { Observable } from 'rxjs';
import { backoffDelayMs } from '../model/backoff';

/** How often the page asks the gateway whether the socket still carries anything, and how long it waits for the answer. */
const PING_EVERY_MS = 10_000;
const PONG_WITHIN_MS = 5_000;
/** A moment's grace after the last subscription ends, so that moving from one view to the next keeps the socket. */
const LAZY_CLOSE_MS = 3_000;

/** Where the gateway serves subscriptions: the page's own origin, over wss: when the page came over https:. */
export function subscriptionUrl(page: Pick<Location, 'protocol' | 'host'>, path: string): string {
  return `${page.protocol === 'https:' ? 'wss:' : 'ws:'}//${page.host}${path}`;
}

/** The socket that carries the page's subscriptions, and whether live updates are getting through. */
export interface LiveConnection {
  /** graphql-ws's client, for Apollo's GraphQLWsLink. */
  readonly client: Client;
  /** Goes in front of the GraphQLWsLink: it counts the subscriptions open, which a drop interrupts. */
  readonly tracking: ApolloLink;
  /** True while subscriptions are open and their socket is down: from a drop, or a failed attempt to open it, until it connects again. */
  readonly interrupted: () => boolean;
  /** Calls `listener` whenever interrupted() changes; returns how to stop. */
  onChange(listener: () => void): () => void;
}

/**
 * Live updates travel over graphql-ws (a WebSocket), not graphql-sse (an event stream), because:
 * - one socket carries every subscription of the page, and the overview follows each environment it
 *   shows; the gateway's graphql-sse opens one stream per subscription, and a browser keeps at most six
 *   HTTP/1.1 connections to an origin, so a dozen environments would starve the page's own queries;
 * - reconnection: graphql-ws retries (with the backoff below, for ever) and subscribes every open
 *   operation again once it is back; each subscription starts with the current value, so the page
 *   catches up by itself;
 * - CSP: `connect-src 'self'` admits the page's own origin over ws: and wss: (CSP Level 3, as
 *   browsers implement it), so the dashboard's policy needs no change;
 * - proxies: a WebSocket needs one that passes `Upgrade` (most do; nginx needs two lines). One that
 *   does not shows as "live updates interrupted"; a proxy that buffers an event stream would
 *   instead hold its events back without a sign.
 */
export function createLiveConnection(url: string): LiveConnection {
  const listeners = new Set<() => void>();
  let open = 0;
  let down = false;
  let shown = false;
  const update = (change: () => void) => {
    change();
    // With nothing open, nothing is interrupted, and the next subscription opens a socket afresh.
    if (open === 0) down = false;
    if (shown === (open > 0 && down)) return;
    shown = !shown;
    for (const listener of listeners) listener();
  };

  // graphql-ws notices a socket the server closed, not one a proxy or a sleeping laptop dropped
  // silently: a ping left unanswered closes it, and the retry below opens a new one.
  let socket: WebSocket | undefined;
  let pongDeadline: number | undefined;
  const client = createClient({
    url,
    lazyCloseTimeout: LAZY_CLOSE_MS,
    keepAlive: PING_EVERY_MS,
    retryAttempts: Infinity,
    retryWait: (retries) => new Promise((resolve) => window.setTimeout(resolve, backoffDelayMs(retries))),
    // A socket that fails to open reports an error event, which graphql-ws would not retry by default.
    shouldRetry: () => true,
    on: {
      connected: (connected) => {
        socket = connected as WebSocket;
        update(() => (down = false));
      },
      ping: (received) => {
        if (received) return;
        window.clearTimeout(pongDeadline);
        pongDeadline = window.setTimeout(() => socket?.close(4408, 'No pong in time'), PONG_WITHIN_MS);
      },
      pong: (received) => {
        if (received) window.clearTimeout(pongDeadline);
      },
      closed: (event) => {
        window.clearTimeout(pongDeadline);
        // 1000 is the page's own close, once no subscription is left.
        if (!(isCloseEvent(event) && event.code === 1000)) update(() => (down = true));
      },
      error: () => update(() => (down = true)),
    },
  });

  const tracking = new ApolloLink(
    (operation, forward) =>
      new Observable((observer) => {
        update(() => (open += 1));
        const subscription = forward(operation).subscribe(observer);
        // Runs once, whether the subscription completed, failed or was left.
        return () => {
          subscription.unsubscribe();
          update(() => (open -= 1));
        };
      }),
  );

  return {
    client,
    tracking,
    interrupted: () => shown,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function isCloseEvent(event: unknown): event is { readonly code: number } {
  return typeof event === 'object' && event !== null && 'code' in event && typeof event.code === 'number';
}
