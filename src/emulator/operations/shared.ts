import { arnOf, type ResourceRef } from '../arn.js';
import { conflict } from '../errors.js';
import type { Positioned } from '../pagination.js';
import type { EmulatorState } from '../state.js';
import type { Row } from '../table.js';

/** Table rows in listing order for the paginator, as stored or as `view` presents them. */
export function positioned<V>(rows: ReadonlyArray<Row<V>>): Array<Positioned<V>>;
export function positioned<V, T>(rows: ReadonlyArray<Row<V>>, view: (value: V) => T): Array<Positioned<T>>;
export function positioned<V, T>(rows: ReadonlyArray<Row<V>>, view?: (value: V) => T): Array<Positioned<V | T>> {
  return rows.map((row) => ({ position: row.position, item: view ? view(row.value) : row.value }));
}

/** Keeps the Tags a Create… request carried, under the new resource's ARN. */
export function keepTags(state: EmulatorState, ref: ResourceRef, tags: Readonly<Record<string, string>> | undefined): void {
  if (tags && Object.keys(tags).length > 0) state.tags.set(arnOf(ref), { ...tags });
}

const MINUTE = 60_000;
/** Deletion protection skips resources created within the past hour (DeletionProtectionSettings). */
const NEWLY_CREATED_MS = 60 * MINUTE;

/**
 * Deletion protection, as the account settings and the request's DeletionProtectionCheck say: an
 * environment or profile that served configuration (GetConfiguration) within the protection period
 * is active, and deleting it is refused unless the check is BYPASS.
 */
export function checkDeletionProtection(
  state: EmulatorState,
  subject: { readonly key: string; readonly createdAt: number; readonly description: string },
  check: string | undefined,
  now: number,
): void {
  const settings = state.accountSettings.DeletionProtection ?? {};
  const applies = check === 'APPLY' || (check !== 'BYPASS' && settings.Enabled === true);
  if (!applies || now - subject.createdAt < NEWLY_CREATED_MS) return;
  const periodMinutes = settings.ProtectionPeriodInMinutes ?? 60;
  const lastRead = state.lastRead.get(subject.key);
  if (lastRead !== undefined && now - lastRead <= periodMinutes * MINUTE) {
    throw conflict(
      `${subject.description} served configuration within the last ${periodMinutes} minutes and is protected from deletion. To delete it anyway, set DeletionProtectionCheck to BYPASS.`,
    );
  }
}
