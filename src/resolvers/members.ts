import type { HostedConfigurationVersionSummary as AwsHostedConfigurationVersionSummary, Monitor as AwsMonitor } from '@aws-sdk/client-appconfig';
import { requiredMember } from '../errors.js';
import type { HostedConfigurationVersionSummaryResolvers, MonitorResolvers, ValidatorResolvers } from '../generated/resolvers-types.js';
import { awsMembers, awsValue } from './aws-value.js';

/** Small AWS shapes whose fields are their members, one to one. */

export const Monitor: MonitorResolvers = {
  alarmArn: (monitor) => requiredMember(monitor.AlarmArn, 'a Monitor', 'AlarmArn'),
  alarmRoleArn: awsMembers((monitor: AwsMonitor) => monitor)('AlarmRoleArn'),
};

export const Validator: ValidatorResolvers = {
  type: (validator, _args, _context, info) => {
    const type = requiredMember(validator.Type, 'a Validator', 'Type');
    awsValue(type, info);
    return type;
  },
};

const version = awsMembers((summary: AwsHostedConfigurationVersionSummary) => summary);

export const HostedConfigurationVersionSummary: HostedConfigurationVersionSummaryResolvers = {
  applicationId: version('ApplicationId'),
  configurationProfileId: version('ConfigurationProfileId'),
  versionNumber: version('VersionNumber'),
  description: version('Description'),
  contentType: version('ContentType'),
  versionLabel: version('VersionLabel'),
  kmsKeyArn: version('KmsKeyArn'),
};
