/**
 * An SDK shape as it travels on the wire: timestamps are ISO-8601 strings, blobs are Buffers. The
 * emulator's records and answers use these types, so AWS member names are checked by the compiler.
 */
export type Wire<T> = T extends Date
  ? string
  : T extends Uint8Array
    ? Buffer
    : T extends ReadonlyArray<infer U>
      ? Array<Wire<U>>
      : T extends object
        ? { [K in keyof T as K extends '$metadata' ? never : K]: Wire<T[K]> }
        : T;

export function iso(time: number): string {
  return new Date(time).toISOString();
}
