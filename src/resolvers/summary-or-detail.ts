import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.js';
import { awsValue } from './aws-value.js';

/** A parent reached either by a Get (AWS's full answer) or through a List (its summary item). */
export type SummaryOrDetail<S, D> = { readonly detail: D } | { readonly summary: S };

/**
 * Member resolvers for a type that lists return as summaries: `listed` members are answered from
 * whichever the parent holds, `detailed` ones load the full answer through `loadDetail` (a loader,
 * so a page of summaries costs one Get per item at most, and none when no detail field is selected).
 */
export function summaryOrDetailMembers<P extends SummaryOrDetail<S, D>, S, D>(
  loadDetail: (parent: P, context: GatewayContext, info: GraphQLResolveInfo) => Promise<D>,
) {
  const held = (parent: SummaryOrDetail<S, D>): S | D => ('detail' in parent ? parent.detail : parent.summary);
  const detailOf = (parent: P, context: GatewayContext, info: GraphQLResolveInfo): Promise<D> =>
    'detail' in parent ? Promise.resolve(parent.detail) : loadDetail(parent, context, info);
  return {
    listed:
      <K extends keyof S & keyof D>(key: K) =>
      (parent: P, _args: unknown, _context: GatewayContext, info: GraphQLResolveInfo) =>
        awsValue(held(parent)[key], info),
    detailed:
      <K extends keyof D>(key: K) =>
      async (parent: P, _args: unknown, context: GatewayContext, info: GraphQLResolveInfo) =>
        awsValue((await detailOf(parent, context, info))[key], info),
    detailOf,
  };
}
