/** The example shown in Apollo Sandbox and in the start-up log: AWS's documented deployment, in the sample data. */
export const SAMPLE_QUERY = `query DocumentedExample {
  deployment(applicationId: "339ohji", environmentId: "54j1r29", deploymentNumber: 1) {
    state
    percentageComplete
    growthType
    growthFactor
    startedAt
    completedAt
    eventLog {
      eventType
      triggeredBy
      description
      occurredAt
    }
  }
  deployments(applicationId: "chk2svc", environmentId: "prod7ea", first: 5) {
    edges {
      node {
        deploymentNumber
        state
        percentageComplete
        versionLabel
      }
    }
  }
}
`;
