import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ErrorCode, gatewayError } from '../errors.js';
import type { TaggedResource } from '../model/keys.js';

/** The ARN partition of a Region: `aws`, or one of the isolated partitions. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}

/** The ARN AppConfig gives `resource` in `account` and `region` (AppConfig's outputs carry none). */
export function arnOf(resource: TaggedResource, region: string, account: string): string {
  const application = `arn:${partitionOf(region)}:appconfig:${region}:${account}:application/${resource.applicationId}`;
  if ('environmentId' in resource) return `${application}/environment/${resource.environmentId}`;
  if ('configurationProfileId' in resource) return `${application}/configurationprofile/${resource.configurationProfileId}`;
  return application;
}

/**
 * The account whose resources the gateway reads: APPCONFIG_ACCOUNT_ID when given, else asked of STS
 * once (GetCallerIdentity, which every identity may call) and remembered. Only tags need it.
 */
export function accountOf(configured: string | undefined, region: string): () => Promise<string> {
  if (configured !== undefined) return () => Promise.resolve(configured);
  let account: Promise<string> | undefined;
  return () => {
    account ??= new STSClient({ region, maxAttempts: 2 })
      .send(new GetCallerIdentityCommand({}))
      .then((identity) => {
        if (!identity.Account) throw new Error('STS returned no account');
        return identity.Account;
      })
      .catch((error: unknown) => {
        account = undefined;
        throw gatewayError(ErrorCode.UPSTREAM_ERROR, "The gateway could not learn its AWS account from STS, which tags' ARNs need; set APPCONFIG_ACCOUNT_ID.", {
          cause: error,
          upstream: { operation: 'GetCallerIdentity' },
        });
      });
    return account;
  };
}
