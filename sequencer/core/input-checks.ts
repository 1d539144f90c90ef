/** Exact checks of the values handed to the WASM core, with messages that say what was expected. */

export class CoreInputError extends Error {
  override readonly name = "CoreInputError";
}

/** Throws unless `value` is a Uint8Array of exactly `length` bytes. */
export function expectBytes(name: string, value: unknown, length: number): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new CoreInputError(`${name}: expected Uint8Array, got ${describe(value)}`);
  if (value.length !== length) {
    throw new CoreInputError(`${name}: expected Uint8Array of length ${length}, got length=${value.length}`);
  }
}

/** Throws unless `value` is a Uint8Array whose length is a multiple of `unit` (at most `maxItems` items). */
export function expectItems(name: string, value: unknown, unit: number, maxItems = Infinity): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new CoreInputError(`${name}: expected Uint8Array, got ${describe(value)}`);
  if (value.length % unit !== 0) {
    throw new CoreInputError(`${name}: expected Uint8Array of length multiple of ${unit}, got length=${value.length}`);
  }
  if (value.length / unit > maxItems) {
    throw new CoreInputError(`${name}: expected at most ${maxItems} items of ${unit} bytes, got ${value.length / unit}`);
  }
}

/** Throws unless `value` is an integer in [min, max]. */
export function expectInteger(name: string, value: unknown, min: number, max: number): asserts value is number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new CoreInputError(`${name}: expected integer in [${min}, ${max}], got ${describe(value)}`);
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return value.constructor?.name ?? "object";
  return `${typeof value} ${String(value)}`;
}
