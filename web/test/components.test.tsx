import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { EventTimeline } from '../src/components/EventTimeline';
import { ProblemNotice } from '../src/components/ProblemNotice';
import { ProgressBar } from '../src/components/ProgressBar';
import { describeGrowth } from '../src/components/StrategySummary';
import type { DeploymentTimelineFieldsFragment } from '../src/graphql/generated/graphql';

describe('ProgressBar', () => {
  it('exposes the percentage to assistive technology and as text', () => {
    const html = renderToStaticMarkup(<ProgressBar percentage={37.5} state="DEPLOYING" label="Deployment 3 to production" />);
    expect(html).toContain('role="progressbar"');
    expect(html).toContain('aria-valuenow="37.5"');
    expect(html).toContain('aria-label="Deployment 3 to production"');
    expect(html).toContain('37.50%');
  });
});

describe('EventTimeline', () => {
  const events: DeploymentTimelineFieldsFragment['eventLog'] = [
    {
      eventType: 'ROLLBACK_COMPLETED',
      triggeredBy: 'APPCONFIG',
      description: 'Rollback completed',
      occurredAt: '2026-11-02T14:00:52.000Z',
      actionInvocations: [
        {
          invocationId: 'in2f41l',
          extensionIdentifier: 'deploy-notifier',
          actionName: 'notify-slack',
          uri: 'arn:aws:lambda:us-east-1:123456789012:function:notify',
          roleArn: null,
          errorCode: 'Lambda.FunctionError',
          errorMessage: 'Slack webhook returned HTTP 500',
        },
      ],
    },
    { eventType: 'ROLLBACK_STARTED', triggeredBy: 'CLOUDWATCH_ALARM', description: 'Rollback initiated by alarm', occurredAt: null, actionInvocations: [] },
  ];

  it('marks a failed action invocation in words, with its error code and message', () => {
    const html = renderToStaticMarkup(<EventTimeline events={events} />);
    expect(html).toContain('invocation--failed');
    expect(html).toContain('Failed');
    expect(html).toContain('<code>Lambda.FunctionError</code> Slack webhook returned HTTP 500');
    expect(html).toContain('Triggered by a CloudWatch alarm');
  });
});

describe('ProblemNotice', () => {
  it('renders nothing without an error', () => {
    expect(renderToStaticMarkup(<ProblemNotice error={undefined} during="Loading" />)).toBe('');
  });
});

describe('describeGrowth', () => {
  it('words both growth types', () => {
    expect(describeGrowth({ growthType: 'LINEAR', growthFactor: 25 })).toBe('Linear, +25% per step');
    expect(describeGrowth({ growthType: 'EXPONENTIAL', growthFactor: 2 })).toBe('Exponential from 2%, doubling');
  });
});
