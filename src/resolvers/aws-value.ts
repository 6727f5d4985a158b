import { getNamedType, type GraphQLEnumType, type GraphQLResolveInfo, isEnumType } from 'graphql';
import { ErrorCode, gatewayError, quoted } from '../errors.js';
import { enumValueMatcher } from '../model/enum-values.js';

const matchers = new WeakMap<GraphQLEnumType, (value: string) => string | undefined>();

/** The schema's value of `type` that `value` is a form of (`ReadyForDeployment` → `READY_FOR_DEPLOYMENT`). */
function enumValueOf(type: GraphQLEnumType, value: string): string | undefined {
  let match = matchers.get(type);
  if (!match) matchers.set(type, (match = enumValueMatcher(type.getValues().map((enumValue) => enumValue.name))));
  return match(value);
}

/**
 * Passes an AWS member value to GraphQL: absent becomes null; an enum value is accepted in the
 * model's form or in any other case and spelling of it, as the live service sends some; and an enum
 * value this schema does not know (one AWS added after this release) fails only its own field, with
 * an error naming the value, instead of graphql-js's anonymous serialisation error.
 */
export function awsValue<T>(value: T, info: GraphQLResolveInfo): NonNullable<T> | null {
  if (value === undefined || value === null) return null;
  const type = getNamedType(info.returnType);
  if (!isEnumType(type) || type.getValue(String(value)) !== undefined) return value;
  const known = enumValueOf(type, String(value));
  if (known === undefined) {
    throw gatewayError(
      ErrorCode.UPSTREAM_ERROR,
      `AppConfig returned ${type.name} value ${quoted(String(value))}, which this version of appconfig-graph does not know.`,
      { extensions: { unknownEnumValue: String(value), enumType: type.name } },
    );
  }
  return known as NonNullable<T>;
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
