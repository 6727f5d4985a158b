import { Link } from 'react-router';
import { PageHeading } from '../components/PageHeading';

interface NotFoundViewProps {
  /** What was looked for, such as "Deployment #99 of chk2svc/prod7ea"; a URL no view answers by default. */
  readonly what?: string;
}

/** The answer to a URL whose subject does not exist: said plainly, with a way back. */
export function NotFoundView({ what }: NotFoundViewProps) {
  return (
    <section className="not-found" data-testid="not-found">
      <PageHeading title="Not found" />
      <p>{what ? `${what} does not exist in AppConfig.` : 'No page of the dashboard has this address.'}</p>
      <p>
        <Link to="/">Back to every environment</Link>
      </p>
    </section>
  );
}
