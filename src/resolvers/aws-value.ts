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

/** A resolver for the field that mirrors member `key` of an AWS output shape. */
export function awsMember<P, K extends keyof P>(key: K) {
  return (parent: P, _args: unknown, _context: unknown, info: GraphQLResolveInfo): NonNullable<P[K]> | null =>
    awsValue(parent[key], info);
}
