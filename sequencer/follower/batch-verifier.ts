/**
 * Re-executes one committed batch from its L1 data and checks it against its header (issue 8):
 * parent link, root, decodability, every transaction valid, stateRoot, txRoot, exitRoot and
 * queueCount, and (separately, so it can run in parallel) every signature. On a mismatch the
 * caller restores the WASM state from storage.
 *
 * Two steps, so that the signature workers can start on a batch as soon as it is decoded:
 * decodeCommitted (header checks and decoding; the state is untouched) then executeDecoded.
 */
import { hexlify } from "ethers";
import type { BatchResult, LoftCore } from "../core/index.ts";
import { TxStatus, txStatusReason } from "../core/index.ts";
import { BatchDataError } from "../batch-data/batch-data-error.ts";
import { decodeBatchData } from "../batch-data/decode-batch-data.ts";
import { BatchHeader, TRANSACTION_SIZE } from "../protocol/ssz-types.ts";
import type { RecoveredSenders } from "../signatures/recover-chunk.ts";
import { RecoveryStatus, RECOVERY_STATUS_TEXT } from "../signatures/recovery-status.ts";
import { SENDER_SIZE } from "../signatures/record-layout.ts";
import type { BatchTip } from "../sealer/batch-tip.ts";
import type { CommittedBatch } from "./l1-batch-reader.ts";
import { equalBytes, preStateContext } from "./pre-state-context.ts";

export interface Mismatch {
  batch: number;
  field: "parentRoot" | "root" | "data" | "signature" | "transaction" | "stateRoot" | "txRoot" | "exitRoot" | "queueCount" | "dataHash";
  detail: string;
}

export type Failure = { ok: false; mismatch: Mismatch; stateTouched: boolean };
export type Decoded = { ok: true; users: Uint8Array; userCount: number } | Failure;
export type Verdict = { ok: true; result: BatchResult } | Failure;

export interface VerifyDeps {
  core: LoftCore;
  separator: Uint8Array;
}

const fail = (batch: CommittedBatch, field: Mismatch["field"], detail: string, stateTouched = false): Failure => ({ ok: false, mismatch: { batch: batch.number, field, detail }, stateTouched });
const FROM_OFFSET = 1;

/** Parent link, root, data hash, queue count and decoding of the user transactions; the state is not changed. */
export function decodeCommitted(deps: VerifyDeps, tip: BatchTip, batch: CommittedBatch, queueRecords: Uint8Array[]): Decoded {
  const { core } = deps;
  const { header } = batch;
  if (!equalBytes(header.parentRoot, tip.root)) return fail(batch, "parentRoot", `expected ${hexlify(tip.root)}, committed ${hexlify(header.parentRoot)}`);
  if (!equalBytes(BatchHeader.hashTreeRoot(header), batch.root)) return fail(batch, "root", "the header does not hash to the root the contract stored");
  if (!equalBytes(core.hashing.keccak256(batch.data), header.dataHash)) return fail(batch, "dataHash", "keccak256 of the posted data is not the header's dataHash");
  if (queueRecords.length !== header.queueCount - tip.queueCount) return fail(batch, "queueCount", `the batch claims ${header.queueCount - tip.queueCount} queue messages, ${queueRecords.length} were given`);
  try {
    const users = decodeBatchData(batch.data, preStateContext(core));
    return { ok: true, users, userCount: users.length / TRANSACTION_SIZE };
  } catch (error) {
    if (error instanceof BatchDataError) return fail(batch, "data", `undecodable: ${error.message}`);
    throw error;
  }
}

/**
 * Executes the queue messages and the decoded user transactions and checks every transaction and
 * the three roots. The state advances when this succeeds; the caller checks the signatures
 * (signatureMismatch) before trusting the batch, so recovery overlaps with execution.
 */
export function executeDecoded(deps: VerifyDeps, tip: BatchTip, batch: CommittedBatch, queueRecords: Uint8Array[], users: Uint8Array): Verdict {
  const { core } = deps;
  const { header } = batch;
  const count = users.length / TRANSACTION_SIZE;
  let input = users;
  if (queueRecords.length > 0) {
    input = new Uint8Array((queueRecords.length + count) * TRANSACTION_SIZE);
    for (let i = 0; i < queueRecords.length; i++) input.set(queueRecords[i]!, i * TRANSACTION_SIZE);
    input.set(users, queueRecords.length * TRANSACTION_SIZE);
  }
  const result = core.executor.execute(input, tip.queueCount);
  const bad = result.statuses.findIndex((s) => s !== TxStatus.Ok);
  if (bad >= 0) return fail(batch, "transaction", `transaction ${bad} is invalid: ${txStatusReason[result.statuses[bad] as TxStatus]}`, true);
  for (const field of ["stateRoot", "txRoot", "exitRoot"] as const) {
    if (!equalBytes(result[field], header[field])) return fail(batch, field, `re-execution gives ${hexlify(result[field])}, committed ${hexlify(header[field])}`, true);
  }
  if (result.queueCount !== header.queueCount) return fail(batch, "queueCount", `re-execution processed up to ${result.queueCount}, committed ${header.queueCount}`, true);
  return { ok: true, result };
}

/** The first user transaction whose signature is not canonical or not its sender's, if any. */
export function signatureMismatch(batch: number, users: Uint8Array, recovered: RecoveredSenders): Mismatch | undefined {
  const { statuses, senders } = recovered;
  for (let i = 0; i < users.length / TRANSACTION_SIZE; i++) {
    const status = statuses[i] as RecoveryStatus;
    if (status !== RecoveryStatus.ok) return { batch, field: "signature", detail: `transaction ${i}: ${RECOVERY_STATUS_TEXT[status]}` };
    const from = i * TRANSACTION_SIZE + FROM_OFFSET;
    const signer = i * SENDER_SIZE;
    for (let k = 0; k < SENDER_SIZE; k++) {
      if (users[from + k] !== senders[signer + k]) {
        return { batch, field: "signature", detail: `transaction ${i}: signed by ${hexlify(senders.subarray(signer, signer + SENDER_SIZE))}, not by its sender ${hexlify(users.subarray(from, from + SENDER_SIZE))}` };
      }
    }
  }
  return undefined;
}
