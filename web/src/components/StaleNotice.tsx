import type { StaleField } from '../graphql/stale-answers';
import { summarizeStale } from '../model/stale';
import { formatDuration } from '../model/time';

/**
 * Says that part of a view is older than it looks: the gateway answered from its cache because
 * AppConfig failed (stale-if-error). Renders nothing when the view's data is fresh.
 */
export function StaleNotice({ fields }: { readonly fields: readonly StaleField[] | undefined }) {
  if (!fields || fields.length === 0) return null;
  const { ageSeconds, reasons } = summarizeStale(fields);
  return (
    <section className="notice notice--warning" role="status" aria-label="Stale data" data-testid="stale-notice">
      <p>
        <strong>Showing data from {formatDuration(ageSeconds * 1000)} ago:</strong>{' '}
        {reasons.map(({ code, words }, index) => (
          <span key={code}>
            {index > 0 ? '; ' : ''}
            {words} (<code>{code}</code>)
          </span>
        ))}
        .
      </p>
      <p className="notice__advice">The gateway answered from its cache. Reload the page to ask AppConfig again.</p>
    </section>
  );
}
