/**
 * The mempool's view of confirmed accounts, read straight from the WASM state (which the sealer
 * advances in the same synchronous turn as it marks transactions sealed).
 */
import type { LoftCore } from "../core/index.ts";
import type { AccountReader, ConfirmedAccount } from "../mempool/account-reader.ts";

/** Reads a little-endian unsigned integer of `length` bytes. */
function readLittleEndian(bytes: Uint8Array, offset: number, length: number): bigint {
  let value = 0n;
  for (let i = offset + length - 1; i >= offset; i--) value = (value << 8n) | BigInt(bytes[i]!);
  return value;
}

/** Balance and nonce of a 44-byte SSZ Account record. */
export function decodeAccountRecord(record: Uint8Array): ConfirmedAccount {
  return { balance: readLittleEndian(record, 20, 16), nonce: Number(readLittleEndian(record, 36, 8)) };
}

export function coreAccountReader(core: LoftCore): AccountReader {
  const scratch = new Uint8Array(44);
  return {
    get(address) {
      const index = core.state.indexOf(address);
      if (index < 0) return undefined;
      core.state.accountInto(index, scratch);
      return decodeAccountRecord(scratch);
    },
  };
}
