/**
 * An AppConfig error the emulator answers with: `name` is the model's error shape (its HTTP status
 * comes from the model), `members` are its body members beside Message.
 */
export class EmulatorError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly members: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new EmulatorError('BadRequestException', message);

export const notFound = (resourceName: string, message: string) => new EmulatorError('ResourceNotFoundException', message, { ResourceName: resourceName });

export const conflict = (message: string) => new EmulatorError('ConflictException', message);
