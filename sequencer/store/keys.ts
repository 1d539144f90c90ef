/** Binary keys whose byte order is their sort order (big-endian numbers after a fixed-size prefix). */

/** address (20) ‖ batch (8, BE) ‖ index (4, BE): an account's history in batch order. */
export function historyKey(address: Uint8Array, batch: number, index: number): Uint8Array {
  const key = new Uint8Array(32);
  key.set(address, 0);
  const view = new DataView(key.buffer);
  view.setBigUint64(20, BigInt(batch));
  view.setUint32(28, index);
  return key;
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
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(batch));
  view.setUint32(8, index);
  return out;
}

export function readLocation(bytes: Uint8Array): { batch: number; index: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { batch: Number(view.getBigUint64(0)), index: view.getUint32(8) };
}
