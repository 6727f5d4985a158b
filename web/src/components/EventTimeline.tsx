import { graphql } from '../graphql/generated';
import type { DeploymentTimelineFieldsFragment } from '../graphql/generated/graphql';
import { formatTimestamp } from '../model/time';

graphql(`
  fragment DeploymentTimelineFields on Deployment {
    eventLog {
      eventType
      triggeredBy
      description
      occurredAt
      actionInvocations {
        invocationId
        extensionIdentifier
        actionName
        uri
        roleArn
        errorCode
        errorMessage
      }
    }
  }
`);

type DeploymentEvent = NonNullable<DeploymentTimelineFieldsFragment['eventLog']>[number];
type ActionInvocation = NonNullable<DeploymentEvent['actionInvocations']>[number];

const TRIGGERED_BY: Record<NonNullable<DeploymentEvent['triggeredBy']>, string> = {
  USER: 'a user',
  APPCONFIG: 'AppConfig',
  CLOUDWATCH_ALARM: 'a CloudWatch alarm',
  INTERNAL_ERROR: 'an internal error',
};

const failed = (invocation: ActionInvocation): boolean => invocation.errorCode != null || invocation.errorMessage != null;

/** The deployment's event log, newest first as AppConfig lists it, with each event's extension actions. */
export function EventTimeline({ events }: { readonly events: DeploymentTimelineFieldsFragment['eventLog'] }) {
  // Null when the event log could not be read: the page's notice says why.
  if (events === null) return <p>The event log could not be read.</p>;
  if (events.length === 0) return <p>AppConfig lists no events for this deployment.</p>;
  return (
    <ol className="timeline">
      {events.map((event, index) => (
        <li key={`${event.occurredAt ?? ''}-${index}`} className="timeline__event" data-event-type={event.eventType ?? 'UNKNOWN'}>
          <div className="timeline__head">
            <strong>{event.eventType ?? 'Unknown event'}</strong>
            {event.occurredAt ? <time dateTime={event.occurredAt}>{formatTimestamp(event.occurredAt)}</time> : null}
          </div>
          <p className="timeline__description">{event.description}</p>
          <p className="timeline__trigger">Triggered by {event.triggeredBy ? TRIGGERED_BY[event.triggeredBy] : 'an unknown source'}</p>
          {event.actionInvocations?.length ? (
            <ul className="invocations" aria-label="Extension actions invoked">
              {event.actionInvocations.map((invocation, i) => (
                <ActionInvocationItem key={invocation.invocationId ?? i} invocation={invocation} />
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function ActionInvocationItem({ invocation }: { readonly invocation: ActionInvocation }) {
  const isFailure = failed(invocation);
  return (
    <li className={isFailure ? 'invocation invocation--failed' : 'invocation'}>
      <div className="invocation__head">
        <span className={isFailure ? 'tag tag--failed' : 'tag tag--ok'}>{isFailure ? 'Failed' : 'Invoked'}</span>
        <strong>{invocation.actionName ?? 'action'}</strong>
        <span className="invocation__extension">{invocation.extensionIdentifier}</span>
      </div>
      {isFailure ? (
        <p className="invocation__error" role="note">
          <code>{invocation.errorCode ?? 'error'}</code> {invocation.errorMessage}
        </p>
      ) : null}
      <dl className="facts facts--compact">
        {invocation.uri ? <Fact term="URI" value={invocation.uri} /> : null}
        {invocation.roleArn ? <Fact term="Role" value={invocation.roleArn} /> : null}
        {invocation.invocationId ? <Fact term="Invocation" value={invocation.invocationId} /> : null}
      </dl>
    </li>
  );
}

function Fact({ term, value }: { readonly term: string; readonly value: string }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd className="wrap-anywhere">{value}</dd>
    </div>
  );
}
