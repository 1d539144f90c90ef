/** Binary keys whose byte order is their sort order (big-endian numbers after a fixed-size prefix). */

/** address (20) ‖ batch (8, BE) ‖ index (4, BE): an account's history in batch order. */
export function historyKey(address: Uint8Array, batch: number, index: number): Uint8Array {
  const key = new Uint8Array(32);
  key.set(address, 0);
  writeLocation(key, 20, batch, index);
  return key;
}

/** batch as 8 bytes BE (two 32-bit halves: exact for batch numbers below 2^53, no BigInt) ‖ index 4 bytes BE. */
function writeLocation(out: Uint8Array, offset: number, batch: number, index: number): void {
  const high = Math.floor(batch / 2 ** 32);
  const low = batch >>> 0;
  out[offset] = high >>> 24;
  out[offset + 1] = (high >>> 16) & 0xff;
  out[offset + 2] = (high >>> 8) & 0xff;
  out[offset + 3] = high & 0xff;
  out[offset + 4] = low >>> 24;
  out[offset + 5] = (low >>> 16) & 0xff;
  out[offset + 6] = (low >>> 8) & 0xff;
  out[offset + 7] = low & 0xff;
  out[offset + 8] = index >>> 24;
  out[offset + 9] = (index >>> 16) & 0xff;
  out[offset + 10] = (index >>> 8) & 0xff;
  out[offset + 11] = index & 0xff;
}

export function readHistoryKey(key: Uint8Array): { batch: number; index: number } {
  const view = new DataView(key.buffer, key.byteOffset, key.byteLength);
  return { batch: Number(view.getBigUint64(20)), index: view.getUint32(28) };
}

/** The first key after every history key of `address` (exclusive range end). */
export function historyEnd(address: Uint8Array): Uint8Array {
  const key = new Uint8Array(32).fill(0xff);
  key.set(address, 0);
  return key;
}

/** batch (8, BE) ‖ index (4, BE): where a transaction sits. */
export function locationBytes(batch: number, index: number): Uint8Array {
  const out = new Uint8Array(12);
  writeLocation(out, 0, batch, index);
  return out;
}

export function readLocation(bytes: Uint8Array): { batch: number; index: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { batch: Number(view.getBigUint64(0)), index: view.getUint32(8) };
}

/** run id (4 bytes BE) ‖ hash (32): a transaction-index run's chunks are contiguous and sorted by hash (tx-index-chunks.ts). */
export function runKey(run: number, hash: Uint8Array): Uint8Array {
  const key = new Uint8Array(36);
  key.set(runPrefix(run), 0);
  key.set(hash, 4);
  return key;
}

/** The 4-byte run id alone: sorts before every key of the run, after every key of the run before. */
export function runPrefix(run: number): Uint8Array {
  return Uint8Array.of(run >>> 24, (run >>> 16) & 0xff, (run >>> 8) & 0xff, run & 0xff);
}
