import { useLiveUpdatesInterrupted } from '../graphql/gateway-context';

/**
 * Says, once for the whole page, that live updates stopped getting through: the socket dropped and
 * the page is reconnecting. What the views show stays, and catches up once the socket is back.
 */
export function LiveConnectionNotice() {
  if (!useLiveUpdatesInterrupted()) return null;
  return (
    <section className="notice notice--warning" role="status" aria-label="Live updates" data-testid="live-interrupted">
      <p>
        <strong>Live updates are interrupted:</strong> the connection to the gateway dropped, and the dashboard is reconnecting.
      </p>
      <p className="notice__advice">What is shown is what was last received; it catches up by itself once the connection is back.</p>
    </section>
  );
}
