import { type ReactNode, useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

/**
 * A view's h1 and document title. After an in-app navigation it takes the focus, so keyboard and
 * screen-reader users land on the new view rather than on the link they left.
 */
export function PageHeading({ title, children }: { readonly title: string; readonly children?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const location = useLocation();
  useEffect(() => {
    document.title = `${title} · AppConfig deployments`;
  }, [title]);
  useEffect(() => {
    // The first view of a visit keeps the browser's focus; later ones announce themselves.
    if (location.key !== 'default') heading.current?.focus();
  }, [location.key]);
  return (
    <h1 ref={heading} tabIndex={-1}>
      {children ?? title}
    </h1>
  );
}
