// The WASM core's TypeScript interface (issue 3).
export { loadCore, DEFAULT_WASM_PATH, type LoftCore } from "./load-core.ts";
export { TxStatus, txStatusReason } from "./tx-status.ts";
export { CoreInputError } from "./input-checks.ts";
export { CoreTrapError } from "./trap-guard.ts";
export type { BatchResult } from "./batch-executor.ts";
export type { ListProof } from "./account-state.ts";
export type { Hashing } from "./hashing.ts";
export type { SszRoots } from "./ssz-roots.ts";
export type { AccountState } from "./account-state.ts";
export type { BatchExecutor } from "./batch-executor.ts";
export { MAX_BATCH_TRANSACTIONS, EXIT_DEPTH, CHUNK_POSITIONS } from "./batch-executor.ts";
export { STATE_DEPTH } from "./account-state.ts";
