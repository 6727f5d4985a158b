/** A resource inside an application: an environment or a configuration profile. */
export interface ApplicationScopedKey {
  readonly applicationId: string;
  readonly id: string;
}

/** One page of an AppConfig list; `nextToken` undefined asks for, or marks, the first/last page. */
export interface PageRequest {
  /** 1–50, AppConfig's page size bound. */
  readonly maxResults: number;
  readonly nextToken?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken?: string;
}

/** A resource AppConfig keeps tags on, by the ids that name it (its ARN is the AppConfig edge's business). */
export type TaggedResource =
  | { readonly applicationId: string }
  | { readonly applicationId: string; readonly environmentId: string }
  | { readonly applicationId: string; readonly configurationProfileId: string };

/** An extension at one of its versions (the version that ran, for an applied extension). */
export interface ExtensionKey {
  readonly id: string;
  readonly versionNumber?: number;
}
