import { Link } from 'react-router';

interface PagerProps {
  readonly label: string;
  /** The first page's URL, shown when this page is not the first. */
  readonly firstPath: string | undefined;
  readonly firstText: string;
  /** The next page's URL, when there is one. */
  readonly nextPath: string | undefined;
  readonly nextText: string;
}

/** Links between pages of a cursor-paginated list; each page has its own URL, and Back goes to newer ones. */
export function Pager({ label, firstPath, firstText, nextPath, nextText }: PagerProps) {
  if (!firstPath && !nextPath) return null;
  return (
    <nav className="pager" aria-label={label}>
      {firstPath ? <Link to={firstPath}>{firstText}</Link> : null}
      {nextPath ? <Link to={nextPath}>{nextText}</Link> : null}
    </nav>
  );
}
