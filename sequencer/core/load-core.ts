import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { WasmExports } from "./wasm-exports.ts";
import { WasmMemory } from "./wasm-memory.ts";
import { Hashing } from "./hashing.ts";
import { SszRoots } from "./ssz-roots.ts";
import { AccountState } from "./account-state.ts";
import { BatchExecutor } from "./batch-executor.ts";

/** Default location of the compiled module (npm run build:wasm). */
export const DEFAULT_WASM_PATH = fileURLToPath(new URL("../../build/wasm/loft.wasm", import.meta.url));

/** The WASM core: one module instance (one state), its typed parts. Not shared between threads. */
export type LoftCore = {
  hashing: Hashing;
  ssz: SszRoots;
  state: AccountState;
  executor: BatchExecutor;
  /** The raw exports, for benchmarks and tests of internals. */
  wasm: WasmExports;
};

/**
 * Instantiates the WASM core. Works in the main thread and in worker_threads (each gets its own
 * instance and state).
 *
 * @example
 *   const core = await loadCore();
 *   core.state.load(genesisAccounts);
 */
export async function loadCore(wasmPath: string = DEFAULT_WASM_PATH): Promise<LoftCore> {
  let bytes: Buffer;
  try {
    bytes = await readFile(wasmPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new Error(`WASM core not found at ${wasmPath}: run npm run build:wasm`);
    }
    throw error;
  }
  const module = await WebAssembly.compile(new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.length));
  const instance = await WebAssembly.instantiate(module, {});
  const wasm = instance.exports as unknown as WasmExports;
  const memory = new WasmMemory(wasm);
  return {
    hashing: new Hashing(wasm, memory),
    ssz: new SszRoots(wasm, memory),
    state: new AccountState(wasm, memory),
    executor: new BatchExecutor(wasm, memory),
    wasm,
  };
}
