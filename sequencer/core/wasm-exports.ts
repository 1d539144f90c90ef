/**
 * The raw exports of build/wasm/loft.wasm (assembly/index.ts). Pointers are byte offsets into
 * `memory`; u64 parameters and results are bigint. Only the typed wrappers use these directly.
 */
export type WasmExports = {
  memory: WebAssembly.Memory;
  coreVersion(): number;
  ioBuffer(slot: number, bytes: number): number;
  memoryUsed(): number;
  sha256(input: number, length: number, out: number): void;
  hash64(input: number, out: number): void;
  hash64x4(p0: number, p1: number, p2: number, p3: number, o0: number, o1: number, o2: number, o3: number): void;
  hashNodes(input: number, count: number, out: number): void;
  hashNodesScalar(input: number, count: number, out: number): void;
  keccak256(input: number, length: number, out: number): void;
  keccak256Batch(input: number, length: number, count: number, out: number): void;
  eip712Digests(domain: number, txs: number, count: number, out: number): number;
  zeroHash(depth: number): number;
  mixInLength(root: number, length: bigint, out: number): void;
  listRoot(leaves: number, count: number, depth: number, out: number): void;
  accountRoot(account: number, out: number): void;
  transactionRoot(tx: number, out: number): void;
  withdrawalRoot(withdrawal: number, out: number): void;
  batchHeaderRoot(header: number, out: number): void;
  stateSeed(low: number, high: number): void;
  stateClear(): void;
  stateLoad(accounts: number, count: number): number;
  stateReserve(total: number): void;
  stateCount(): number;
  stateRoot(): number;
  stateFind(address: number): number;
  stateWrite(records: number, count: number): number;
  stateRead(index: number, out: number): void;
  accountProof(index: number, out: number): void;
  stateNode(level: number, index: number, out: number): void;
  hashedNodeCount(): bigint;
  executeBatch(txs: number, count: number, queueStart: bigint, statuses: number): number;
  batchRoots(): number;
  includedTransactions(): number;
  batchExits(): number;
  batchExitCount(): number;
  touchedAccounts(): number;
  batchTouchedCount(): number;
  createdStart(): number;
  queueEnd(): bigint;
  exitProof(index: number, out: number): void;
  lastExitCount(): number;
  chunkCount(): number;
  chunkPairs(): number;
  chunkEntries(): number;
  setIntermediateRoots(on: number): void;
};
