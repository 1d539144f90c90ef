/** The messages between the signature pool and its workers. */

/** Data every worker gets at start (`workerData`). */
export interface RecoveryWorkerData {
  /** The 32-byte EIP-712 domain separator of this rollup. */
  separator: Uint8Array;
}

/**
 * Pool → worker: one chunk of `count` concatenated 146-byte records starting at `byteOffset` of a
 * SharedArrayBuffer holding the whole `recover` call's input (shared, not copied: a chunk can be
 * retried on another worker after a crash).
 */
export interface ChunkRequest {
  id: number;
  records: SharedArrayBuffer;
  byteOffset: number;
  count: number;
}

/** Worker → pool. `output` holds 20·count sender bytes, count status bytes, then 32·count digest bytes (transferred). */
export type WorkerReply = { type: "ready" } | { type: "done"; id: number; output: ArrayBuffer };
