/**
 * Re-executes one committed batch from its L1 data and checks it against its header (issue 8):
 * parent link, root, decodability, every transaction valid, stateRoot, txRoot, exitRoot and
 * queueCount, and (separately, so it can run in parallel) every signature. On a mismatch the
 * caller restores the WASM state from storage.
 */
import { hexlify } from "ethers";
import type { BatchResult, LoftCore } from "../core/index.ts";
import { TxStatus, txStatusReason } from "../core/index.ts";
import { BatchDataError } from "../batch-data/batch-data-error.ts";
import { decodeBatchData } from "../batch-data/decode-batch-data.ts";
import { decodeAccountRecord } from "../node/core-account-reader.ts";
import { BatchHeader, TRANSACTION_SIZE } from "../protocol/ssz-types.ts";
import type { RecoveredSenders } from "../signatures/recover-chunk.ts";
import { RecoveryStatus, RECOVERY_STATUS_TEXT } from "../signatures/recovery-status.ts";
import type { BatchTip } from "../sealer/batch-tip.ts";
import type { CommittedBatch } from "./l1-batch-reader.ts";

export interface Mismatch {
  batch: number;
  field: "parentRoot" | "root" | "data" | "signature" | "transaction" | "stateRoot" | "txRoot" | "exitRoot" | "queueCount" | "dataHash";
  detail: string;
}

export type Verdict =
  | { ok: true; result: BatchResult; users: Uint8Array; userCount: number; userHashes: Uint8Array }
  | { ok: false; mismatch: Mismatch; stateTouched: boolean };

export interface VerifyDeps {
  core: LoftCore;
  separator: Uint8Array;
}

const fail = (batch: CommittedBatch, field: Mismatch["field"], detail: string, stateTouched = false): Verdict => ({ ok: false, mismatch: { batch: batch.number, field, detail }, stateTouched });

/**
 * Everything but the signatures: parent link, root, data hash, queue count, decoding, execution of
 * every transaction and the three roots. The state advances when this succeeds; the caller checks
 * the signatures (signatureMismatch) before trusting the batch, so signature recovery can overlap
 * with the next batch's execution.
 */
export function executeBatch(deps: VerifyDeps, tip: BatchTip, batch: CommittedBatch, queueRecords: Uint8Array[]): Verdict {
  const { core } = deps;
  const { header } = batch;
  if (hexlify(header.parentRoot) !== hexlify(tip.root)) return fail(batch, "parentRoot", `expected ${hexlify(tip.root)}, committed ${hexlify(header.parentRoot)}`);
  if (hexlify(BatchHeader.hashTreeRoot(header)) !== hexlify(batch.root)) return fail(batch, "root", "the header does not hash to the root the contract stored");
  if (hexlify(core.hashing.keccak256(batch.data)) !== hexlify(header.dataHash)) return fail(batch, "dataHash", "keccak256 of the posted data is not the header's dataHash");
  if (queueRecords.length !== header.queueCount - tip.queueCount) return fail(batch, "queueCount", `the batch claims ${header.queueCount - tip.queueCount} queue messages, ${queueRecords.length} were given`);

  let users: Uint8Array;
  try {
    users = decodeBatchData(batch.data, preStateContext(core));
  } catch (error) {
    if (error instanceof BatchDataError) return fail(batch, "data", `undecodable: ${error.message}`);
    throw error;
  }
  const count = users.length / TRANSACTION_SIZE;
  const userHashes = core.hashing.eip712Digests(deps.separator, users);
  const input = new Uint8Array((queueRecords.length + count) * TRANSACTION_SIZE);
  queueRecords.forEach((record, i) => input.set(record, i * TRANSACTION_SIZE));
  input.set(users, queueRecords.length * TRANSACTION_SIZE);
  const result = core.executor.execute(input, tip.queueCount);
  const bad = result.statuses.findIndex((s) => s !== TxStatus.Ok);
  if (bad >= 0) return fail(batch, "transaction", `transaction ${bad} is invalid: ${txStatusReason[result.statuses[bad] as TxStatus]}`, true);
  for (const field of ["stateRoot", "txRoot", "exitRoot"] as const) {
    if (hexlify(result[field]) !== hexlify(header[field])) return fail(batch, field, `re-execution gives ${hexlify(result[field])}, committed ${hexlify(header[field])}`, true);
  }
  if (result.queueCount !== header.queueCount) return fail(batch, "queueCount", `re-execution processed up to ${result.queueCount}, committed ${header.queueCount}`, true);
  return { ok: true, result, users, userCount: count, userHashes };
}

/** The first user transaction whose signature is not canonical or not its sender's, if any. */
export function signatureMismatch(batch: number, users: Uint8Array, recovered: RecoveredSenders): Mismatch | undefined {
  for (let i = 0; i < users.length / TRANSACTION_SIZE; i++) {
    const status = recovered.statuses[i] as RecoveryStatus;
    if (status !== RecoveryStatus.ok) return { batch, field: "signature", detail: `transaction ${i}: ${RECOVERY_STATUS_TEXT[status]}` };
    const from = hexlify(users.subarray(i * TRANSACTION_SIZE + 1, i * TRANSACTION_SIZE + 21));
    const signer = hexlify(recovered.senders.subarray(i * 20, i * 20 + 20));
    if (signer !== from) return { batch, field: "signature", detail: `transaction ${i}: signed by ${signer}, not by its sender ${from}` };
  }
  return undefined;
}

/** The decoder's view of the state before the batch: the WASM state as it is now. */
function preStateContext(core: LoftCore) {
  const base = core.state.count;
  const scratch = new Uint8Array(44);
  return {
    accountCount: base,
    addressAt: (index: number) => core.state.account(index).subarray(0, 20),
    nonceAt: (index: number) => {
      core.state.accountInto(index, scratch);
      return decodeAccountRecord(scratch).nonce;
    },
    indexOf: (address: Uint8Array) => {
      const index = core.state.indexOf(address);
      return index < 0 ? undefined : index;
    },
  };
}
