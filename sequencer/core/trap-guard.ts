/** Raised when the WASM module traps (in practice: its memory cannot grow any further). */
export class CoreTrapError extends Error {
  override readonly name = "CoreTrapError";
}

/**
 * Runs `fn`, turning a WebAssembly trap into a CoreTrapError that says what failed. After a trap
 * the module's state is not consistent any more: the caller must load a fresh core.
 */
export function guardTrap<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      throw new CoreTrapError(`${what}: the WASM core trapped (${error.message}), most likely out of memory; load a fresh core`, { cause: error });
    }
    throw error;
  }
}
