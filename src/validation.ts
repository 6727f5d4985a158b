import { ErrorCode, gatewayError, quoted } from './errors.js';

/**
 * Argument checks that run before any AppConfig call, so invalid input costs no quota. Each throws
 * BAD_USER_INPUT naming the argument in the message and in `extensions.argumentName`.
 */
export function invalidArgument(argumentName: string, requirement: string, value: unknown) {
  return gatewayError(ErrorCode.BAD_USER_INPUT, `Argument "${argumentName}" ${requirement}; got ${quoted(value)}.`, {
    extensions: { argumentName },
  });
}

/**
 * An id that goes into a request path, 1 to `maxLength` characters of any kind (the model's `Name`
 * is 1–64, `LongName` 1–128). `.` and `..` are refused: the SDK sends ids as path segments, and
 * those two would be read as "this" and "the parent" path, reaching another resource.
 */
export function requireId(argumentName: string, value: string, maxLength = 64): string {
  if (value.length < 1 || value.length > maxLength) throw invalidArgument(argumentName, `must be 1 to ${maxLength} characters long`, value);
  if (value === '.' || value === '..') throw invalidArgument(argumentName, 'must not be "." or ".."', value);
  return value;
}

export function requireIntInRange(argumentName: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidArgument(argumentName, `must be an integer from ${min} to ${max}`, value);
  }
  return value;
}
