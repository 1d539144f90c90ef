/**
 * EIP-712 digests of a chunk of SSZ Transaction records with the WASM core's batch keccak
 * (`core.hashing.eip712DigestsInto`, about 30× the JS path on this machine; see
 * docs/benchmarks.md). Records that are not signed user transactions are marked `malformed`
 * here, since the core refuses a whole call that contains one.
 */
import type { Hashing } from "../core/index.ts";
import { TxKind } from "../protocol/ssz-types.ts";
import { KIND_OFFSET, NONCE_OFFSET, RECORD_SIZE } from "./record-layout.ts";
import { RecoveryStatus } from "./recovery-status.ts";

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** What a recovery needs besides the records: the domain separator and a WASM core's hashing. */
export interface RecoveryContext {
  /** The 32-byte EIP-712 domain separator. */
  separator: Uint8Array;
  hashing: Pick<Hashing, "eip712DigestsInto" | "keccak256BatchInto">;
}

/**
 * Writes the 32-byte digest of record i at `digests[32 i]` for `count` records, and marks records
 * that are not signed user transactions (kind not 0/1, nonce above 2^53 − 1)
 * `RecoveryStatus.malformed` in `statuses` (their digest bytes mean nothing). `statuses` must
 * start zeroed (`ok`).
 */
export function digestsInto(context: RecoveryContext, records: Uint8Array, count: number, digests: Uint8Array, statuses: Uint8Array): void {
  const view = new DataView(records.buffer, records.byteOffset, records.byteLength);
  let input = records.subarray(0, count * RECORD_SIZE);
  let copied = false;
  for (let i = 0; i < count; i++) {
    const offset = i * RECORD_SIZE;
    const kind = records[offset + KIND_OFFSET];
    if ((kind === TxKind.transfer || kind === TxKind.withdraw) && view.getBigUint64(offset + NONCE_OFFSET, true) <= MAX_SAFE) continue;
    statuses[i] = RecoveryStatus.malformed;
    if (!copied) [input, copied] = [input.slice(), true]; // never edit the caller's (shared) input
    input[offset + KIND_OFFSET] = TxKind.transfer;
  }
  context.hashing.eip712DigestsInto(context.separator, input, digests.subarray(0, count * 32));
}
