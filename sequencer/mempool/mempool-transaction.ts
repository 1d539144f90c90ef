/** What the mempool needs to know of a transaction; callers may carry more fields (generic `T`). */
export interface MempoolTransaction {
  /** The 32-byte transaction hash: keccak256(EIP-712 digest ‖ from). */
  hash: Uint8Array;
  /** The 20-byte recovered sender. */
  from: Uint8Array;
  nonce: number;
  amount: bigint;
  fee: bigint;
  /** The L1 data bytes it adds to a batch (sequencer/fees): its priority is fee / dataBytes. Default 80. */
  dataBytes?: number;
}

/** Map key of a byte string (one latin1 character per byte: compact and exact). */
export function bytesKey(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}
