/**
 * The seam where the WASM core's batch EIP-712 digest call plugs in: {@link digestsInto} fills
 * the digests of a chunk of SSZ Transaction records. Today it uses the protocol module's
 * `transactionDigest` (@noble/hashes keccak, precomputed separator); `sequencer/core/` exported
 * no batch-digest function when this was written. Swap the body, keep the signature.
 */
import { transactionDigest } from "../protocol/eip712.ts";
import { TxKind } from "../protocol/ssz-types.ts";
import { AMOUNT_OFFSET, FEE_OFFSET, KIND_OFFSET, NONCE_OFFSET, RECORD_SIZE, TO_OFFSET } from "./record-layout.ts";
import { RecoveryStatus } from "./recovery-status.ts";

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function readUint128(view: DataView, offset: number): bigint {
  return view.getBigUint64(offset, true) | (view.getBigUint64(offset + 8, true) << 64n);
}

/**
 * Writes the 32-byte digest of record i at `digests[32 i]` for `count` records, and marks records
 * that are not signed user transactions `RecoveryStatus.malformed` in `statuses` (their digest
 * bytes are left as they were). `statuses` must start zeroed (`ok`).
 */
export function digestsInto(separator: Uint8Array, records: Uint8Array, count: number, digests: Uint8Array, statuses: Uint8Array): void {
  const view = new DataView(records.buffer, records.byteOffset, records.byteLength);
  const scratch = new Uint8Array(160);
  for (let i = 0; i < count; i++) {
    const offset = i * RECORD_SIZE;
    const kind = records[offset + KIND_OFFSET];
    const nonce = view.getBigUint64(offset + NONCE_OFFSET, true);
    if ((kind !== TxKind.transfer && kind !== TxKind.withdraw) || nonce > MAX_SAFE) {
      statuses[i] = RecoveryStatus.malformed;
      continue;
    }
    const digest = transactionDigest(
      separator,
      {
        kind,
        to: records.subarray(offset + TO_OFFSET, offset + TO_OFFSET + 20),
        amount: readUint128(view, offset + AMOUNT_OFFSET),
        fee: readUint128(view, offset + FEE_OFFSET),
        nonce: Number(nonce),
      },
      scratch,
    );
    digests.set(digest, i * 32);
  }
}
