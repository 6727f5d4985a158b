import { ErrorCode, gatewayError } from './errors.js';

/**
 * Argument checks that run before any AppConfig call, so invalid input costs no quota. Each throws
 * BAD_USER_INPUT naming the argument in the message and in `extensions.argumentName`.
 */
export function invalidArgument(argumentName: string, requirement: string, value: unknown) {
  return gatewayError(ErrorCode.BAD_USER_INPUT, `Argument "${argumentName}" ${requirement}; got ${JSON.stringify(value)}.`, {
    extensions: { argumentName },
  });
}

/** AppConfig ids and names in request paths: 1–64 characters of any kind (the model's `Name`). */
export function requireId(argumentName: string, value: string): string {
  if (value.length < 1 || value.length > 64) throw invalidArgument(argumentName, 'must be 1 to 64 characters long', value);
  return value;
}

export function requireIntInRange(argumentName: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidArgument(argumentName, `must be an integer from ${min} to ${max}`, value);
  }
  return value;
}
