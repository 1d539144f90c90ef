/**
 * The work of one chunk, as a worker runs it (and the benchmark's single-thread ceiling):
 * EIP-712 digests (WASM core), canonical-signature checks, native libsecp256k1 recovery of each
 * public key, then the addresses: keccak-256 of all the chunk's keys in one WASM batch call
 * (a JS keccak per key cost about 14 µs, a sixth of the recovery itself).
 */
import { recoverPublicKeyInto, signatureProblem } from "../protocol/signature.ts";
import { digestsInto, type RecoveryContext } from "./chunk-digests.ts";
import { RECORD_SIZE, SENDER_SIZE, SIGNATURE_OFFSET } from "./record-layout.ts";
import { RecoveryStatus } from "./recovery-status.ts";

export interface RecoveredSenders {
  /** 20 bytes per transaction, in input order; zero where the status is not `ok`. */
  senders: Uint8Array;
  /** One {@link RecoveryStatus} per transaction, in input order. */
  statuses: Uint8Array;
  /**
   * The EIP-712 digests (= transaction hashes), 32 bytes per transaction, when the recovery
   * computed them anyway (the pool's workers do): meaningless where the status is `malformed`.
   */
  digests?: Uint8Array;
}

const KEY_SIZE = 64;

/** Recovers `count` records into `out` (fresh zeroed arrays of 20·count and count bytes). */
export function recoverChunkInto(context: RecoveryContext, records: Uint8Array, count: number, out: RecoveredSenders): void {
  const digests = out.digests ?? new Uint8Array(32 * count);
  digestsInto(context, records, count, digests, out.statuses);
  const keys = new Uint8Array(KEY_SIZE * count);
  const recovered = new Uint8Array(65);
  for (let i = 0; i < count; i++) {
    if (out.statuses[i] !== RecoveryStatus.ok) continue;
    const start = i * RECORD_SIZE + SIGNATURE_OFFSET;
    const signature = records.subarray(start, start + 65);
    if (signatureProblem(signature) !== undefined) out.statuses[i] = RecoveryStatus.notCanonical;
    else if (!recoverPublicKeyInto(digests.subarray(i * 32, i * 32 + 32), signature, recovered)) out.statuses[i] = RecoveryStatus.noKeyRecovered;
    else keys.set(recovered.subarray(1), i * KEY_SIZE);
  }
  const hashes = out.digests ? new Uint8Array(32 * count) : digests; // digests the caller did not ask for are spent
  context.hashing.keccak256BatchInto(keys, KEY_SIZE, hashes);
  for (let i = 0; i < count; i++) {
    if (out.statuses[i] === RecoveryStatus.ok) out.senders.set(hashes.subarray(i * 32 + 12, i * 32 + 32), i * SENDER_SIZE);
  }
}

/** Allocating convenience form of {@link recoverChunkInto}. */
export function recoverChunk(context: RecoveryContext, records: Uint8Array, count: number): RecoveredSenders {
  const out = { senders: new Uint8Array(SENDER_SIZE * count), statuses: new Uint8Array(count) };
  recoverChunkInto(context, records, count, out);
  return out;
}
