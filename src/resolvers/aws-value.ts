import { getNamedType, type GraphQLResolveInfo, isEnumType } from 'graphql';
import { ErrorCode, gatewayError } from '../errors.js';

/**
 * Passes an AWS member value to GraphQL: absent becomes null, and an enum value this schema does not
 * know (one AWS added after this release) fails only its own field, with an error naming the value,
 * instead of graphql-js's anonymous serialisation error.
 */
export function awsValue<T>(value: T, info: GraphQLResolveInfo): NonNullable<T> | null {
  if (value === undefined || value === null) return null;
  const type = getNamedType(info.returnType);
  if (isEnumType(type) && type.getValue(String(value)) === undefined) {
    throw gatewayError(
      ErrorCode.UPSTREAM_ERROR,
      `AppConfig returned ${type.name} value "${String(value)}", which this version of appconfig-graph does not know.`,
      { extensions: { unknownEnumValue: String(value), enumType: type.name } },
    );
  }
  return value;
}

/**
 * Resolvers for fields that mirror the members of an AWS shape, one to one: `shapeOf` finds the shape
 * in the parent (the parent itself, or the AWS answer it carries), `member(key)` reads member `key`.
 */
export function awsMembers<P, S>(shapeOf: (parent: P) => S) {
  return <K extends keyof S>(key: K) =>
    (parent: P, _args: unknown, _context: unknown, info: GraphQLResolveInfo): NonNullable<S[K]> | null =>
      awsValue(shapeOf(parent)[key], info);
}
