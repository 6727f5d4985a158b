import type { ExtensionAssociationSummary, ExtensionSummary } from '@aws-sdk/client-appconfig';
import { arnOf, parseArn } from '../arn.js';
import { badRequest, conflict, notFound } from '../errors.js';
import { projectOnto } from '../model.js';
import type { AssociationRecord, ExtensionRecord } from '../state.js';
import { present, type Wire } from '../wire.js';
import { keepTags, positioned } from './shared.js';
import type { OperationContext, OperationHandlers } from './types.js';

type ExtensionOperations = Pick<
  OperationHandlers,
  | 'CreateExtension'
  | 'GetExtension'
  | 'ListExtensions'
  | 'UpdateExtension'
  | 'DeleteExtension'
  | 'CreateExtensionAssociation'
  | 'GetExtensionAssociation'
  | 'ListExtensionAssociations'
  | 'UpdateExtensionAssociation'
  | 'DeleteExtensionAssociation'
>;

/** Extensions (versioned by name) and their associations with applications, environments and profiles. */
export function extensionOperations({ model, state, clock, paginator }: OperationContext): ExtensionOperations {
  /** Association parameters must name the extension's parameters and give every required one. */
  const checkParameters = (extension: ExtensionRecord, parameters: Readonly<Record<string, string>> | undefined) => {
    const declared = extension.Parameters ?? {};
    const unknown = Object.keys(parameters ?? {}).filter((name) => !(name in declared));
    const missing = Object.entries(declared).filter(([name, parameter]) => parameter.Required && !parameter.Dynamic && (parameters ?? {})[name] === undefined);
    if (unknown.length > 0) throw badRequest(`Extension ${extension.Name} has no parameter ${unknown.join(', ')}.`);
    if (missing.length > 0) throw badRequest(`Extension ${extension.Name} requires parameter ${missing.map(([name]) => name).join(', ')}.`);
  };
  const associationsOf = (extension: ExtensionRecord, versionNumber?: number) =>
    state.associations.values().filter((association) => {
      const ref = parseArn(association.ExtensionArn);
      return ref?.kind === 'extension' && ref.extensionId === extension.Id && (versionNumber === undefined || ref.versionNumber === versionNumber);
    });

  return {
    /** A new name makes version 1; a new version of an existing name needs LatestVersionNumber to be its latest version. */
    CreateExtension(input) {
      const existing = state.extensions.values().find((versions) => versions[0]?.Name === input.Name);
      const latest = existing?.at(-1);
      if (latest && input.LatestVersionNumber !== latest.VersionNumber) {
        throw conflict(
          `An extension named ${input.Name} already exists (latest version ${latest.VersionNumber}); to add a version, give LatestVersionNumber ${latest.VersionNumber}.`,
        );
      }
      if (!latest && input.LatestVersionNumber !== undefined) throw conflict(`There is no extension named ${input.Name} to add a version to.`);
      const id = latest?.Id ?? state.newId();
      const versionNumber = (latest?.VersionNumber ?? 0) + 1;
      const record: ExtensionRecord = {
        Id: id,
        Name: input.Name,
        VersionNumber: versionNumber,
        Arn: arnOf({ kind: 'extension', extensionId: id, versionNumber }),
        ...present('Description', input.Description),
        Actions: input.Actions,
        ...present('Parameters', input.Parameters),
      };
      state.putExtension(record, clock.now());
      keepTags(state, { kind: 'extension', extensionId: id, versionNumber }, input.Tags);
      return record;
    },
    GetExtension: (input) => state.extension(input.ExtensionIdentifier, input.VersionNumber),
    ListExtensions(input) {
      const rows = state.extensions.rows().filter((row) => input.Name === undefined || row.value[0]?.Name === input.Name);
      return paginator.page(
        'ListExtensions',
        input,
        positioned(rows, (versions) => projectOnto<Wire<ExtensionSummary>>(model, 'ExtensionSummary', versions.at(-1) ?? {})),
      );
    },
    UpdateExtension(input) {
      const current = state.extension(input.ExtensionIdentifier, input.VersionNumber);
      const record: ExtensionRecord = {
        ...current,
        ...present('Description', input.Description),
        ...(input.Actions ? { Actions: input.Actions } : {}),
        ...(input.Parameters ? { Parameters: input.Parameters } : {}),
      };
      state.putExtension(record);
      return record;
    },
    /** "You must delete all associations to an extension before you delete the extension" (DeleteExtension). */
    DeleteExtension(input) {
      const extension = state.extension(input.ExtensionIdentifier, input.VersionNumber);
      const associations = associationsOf(extension, input.VersionNumber);
      if (associations.length > 0) {
        throw badRequest(
          `Extension ${extension.Name} still has associations (${associations.map((association) => association.Id).join(', ')}); delete them before the extension.`,
        );
      }
      state.remove({ kind: 'extension', extensionId: extension.Id, ...(input.VersionNumber === undefined ? {} : { versionNumber: input.VersionNumber }) });
      return {};
    },

    CreateExtensionAssociation(input) {
      const extension = state.extension(input.ExtensionIdentifier, input.ExtensionVersionNumber);
      const resource = parseArn(input.ResourceIdentifier);
      if (!resource || !['application', 'environment', 'configurationprofile'].includes(resource.kind)) {
        throw badRequest(`ResourceIdentifier must be the ARN of an application, environment or configuration profile, not ${input.ResourceIdentifier}.`);
      }
      if (!state.exists(resource)) throw notFound('Resource', `Resource ${input.ResourceIdentifier} not found`);
      checkParameters(extension, input.Parameters);
      const id = state.newId();
      const record: AssociationRecord = {
        Id: id,
        ExtensionArn: extension.Arn,
        ResourceArn: input.ResourceIdentifier,
        Arn: arnOf({ kind: 'extensionassociation', associationId: id }),
        ...present('Parameters', input.Parameters),
        ExtensionVersionNumber: extension.VersionNumber,
      };
      state.putAssociation(record, clock.now());
      keepTags(state, { kind: 'extensionassociation', associationId: id }, input.Tags);
      return record;
    },
    GetExtensionAssociation: (input) => state.association(input.ExtensionAssociationId),
    ListExtensionAssociations(input) {
      const extension = input.ExtensionIdentifier === undefined ? undefined : state.extension(input.ExtensionIdentifier, input.ExtensionVersionNumber);
      const rows = state.associations.rows().filter(({ value }) => {
        const ref = parseArn(value.ExtensionArn);
        return (
          (input.ResourceIdentifier === undefined || value.ResourceArn === input.ResourceIdentifier) &&
          (extension === undefined || (ref?.kind === 'extension' && ref.extensionId === extension.Id)) &&
          (input.ExtensionVersionNumber === undefined || value.ExtensionVersionNumber === input.ExtensionVersionNumber)
        );
      });
      return paginator.page(
        'ListExtensionAssociations',
        input,
        positioned(rows, (association) => projectOnto<Wire<ExtensionAssociationSummary>>(model, 'ExtensionAssociationSummary', association)),
      );
    },
    UpdateExtensionAssociation(input) {
      const current = state.association(input.ExtensionAssociationId);
      if (input.Parameters === undefined) return current;
      checkParameters(state.extension(current.ExtensionArn), input.Parameters);
      const { Parameters: _previous, ...rest } = current;
      const record: AssociationRecord = { ...rest, ...present('Parameters', Object.keys(input.Parameters).length > 0 ? input.Parameters : undefined) };
      state.putAssociation(record);
      return record;
    },
    DeleteExtensionAssociation(input) {
      state.association(input.ExtensionAssociationId);
      state.remove({ kind: 'extensionassociation', associationId: input.ExtensionAssociationId });
      return {};
    },
  };
}
