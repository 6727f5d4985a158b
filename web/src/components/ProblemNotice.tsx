import type { ErrorLike } from '@apollo/client';
import { problemsOf } from '../model/problems';

interface ProblemNoticeProps {
  readonly error: ErrorLike | undefined;
  /** What was being done, such as "Loading the applications" or "Following this deployment". */
  readonly during: string;
}

/**
 * Each error the gateway returned, by its public code and in words: a throttled AppConfig reads as
 * throttling, a missing field as NOT_FOUND, never as an empty page. Renders nothing without an error.
 */
export function ProblemNotice({ error, during }: ProblemNoticeProps) {
  const problems = problemsOf(error);
  if (problems.length === 0) return null;
  return (
    <section className="notice" role="status" aria-label={`${during}: problems`}>
      <p className="notice__during">
        {during} ran into {problems.length === 1 ? 'a problem' : `${problems.length} problems`}:
      </p>
      <ul>
        {problems.map((problem, index) => (
          <li key={`${problem.code}-${problem.path ?? ''}-${index}`} className="notice__problem" data-code={problem.code}>
            <p>
              <strong>{problem.title}</strong> <code className="notice__code">{problem.code}</code>
            </p>
            <p className="notice__message">
              {problem.message}
              {problem.path ? (
                <>
                  {' '}
                  (at <code className="wrap-anywhere">{problem.path}</code>)
                </>
              ) : null}
            </p>
            <p className="notice__advice">{problem.advice}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
