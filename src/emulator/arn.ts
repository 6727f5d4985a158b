/**
 * The account and Region every emulated resource lives in. ARNs name resources in tags and extension
 * associations, so they must be well-formed (the model's Arn pattern) and stable across runs.
 */
export const ACCOUNT_ID = '123456789012';
export const REGION = 'us-east-1';

const PREFIX = `arn:aws:appconfig:${REGION}:${ACCOUNT_ID}:`;

/** What an AppConfig ARN names, as far as the emulator keeps such resources. */
export type ResourceRef =
  | { readonly kind: 'application'; readonly applicationId: string }
  | { readonly kind: 'environment'; readonly applicationId: string; readonly environmentId: string }
  | { readonly kind: 'configurationprofile'; readonly applicationId: string; readonly profileId: string }
  | { readonly kind: 'deployment'; readonly applicationId: string; readonly environmentId: string; readonly deploymentNumber: number }
  | { readonly kind: 'deploymentstrategy'; readonly strategyId: string }
  | { readonly kind: 'extension'; readonly extensionId: string; readonly versionNumber?: number }
  | { readonly kind: 'extensionassociation'; readonly associationId: string };

export function arnOf(ref: ResourceRef): string {
  switch (ref.kind) {
    case 'application':
      return `${PREFIX}application/${ref.applicationId}`;
    case 'environment':
      return `${PREFIX}application/${ref.applicationId}/environment/${ref.environmentId}`;
    case 'configurationprofile':
      return `${PREFIX}application/${ref.applicationId}/configurationprofile/${ref.profileId}`;
    case 'deployment':
      return `${PREFIX}application/${ref.applicationId}/environment/${ref.environmentId}/deployment/${ref.deploymentNumber}`;
    case 'deploymentstrategy':
      return `${PREFIX}deploymentstrategy/${ref.strategyId}`;
    case 'extension':
      return `${PREFIX}extension/${ref.extensionId}${ref.versionNumber === undefined ? '' : `/${ref.versionNumber}`}`;
    case 'extensionassociation':
      return `${PREFIX}extensionassociation/${ref.associationId}`;
  }
}

/** The resource an ARN of this emulator's account and Region names, or undefined for any other string. */
export function parseArn(arn: string): ResourceRef | undefined {
  if (!arn.startsWith(PREFIX)) return undefined;
  const parts = arn.slice(PREFIX.length).split('/');
  const [kind, first, second, third, fourth, fifth] = parts;
  if (first === undefined || first === '') return undefined;
  switch (kind) {
    case 'application':
      if (parts.length === 2) return { kind: 'application', applicationId: first };
      if (parts.length === 4 && second === 'environment' && third) return { kind: 'environment', applicationId: first, environmentId: third };
      if (parts.length === 4 && second === 'configurationprofile' && third) return { kind: 'configurationprofile', applicationId: first, profileId: third };
      if (parts.length === 6 && second === 'environment' && third && fourth === 'deployment' && /^\d+$/.test(fifth ?? '')) {
        return { kind: 'deployment', applicationId: first, environmentId: third, deploymentNumber: Number(fifth) };
      }
      return undefined;
    case 'deploymentstrategy':
      return parts.length === 2 ? { kind: 'deploymentstrategy', strategyId: first } : undefined;
    case 'extension':
      if (parts.length === 2) return { kind: 'extension', extensionId: first };
      return parts.length === 3 && /^\d+$/.test(second ?? '') ? { kind: 'extension', extensionId: first, versionNumber: Number(second) } : undefined;
    case 'extensionassociation':
      return parts.length === 2 ? { kind: 'extensionassociation', associationId: first } : undefined;
    default:
      return undefined;
  }
}
