/**
 * Re-executes one committed batch from its L1 data and checks it against its header: parent link,
 * root, data hash, decodability (batch data v2 with the batch's L1 queue messages), every
 * position valid, every full exit's posted amount, every chunk's posted entry (docs/fraud-proofs.md
 * §1–§2), stateRoot, txRoot, exitRoot and queueCount, and (separately, so it can run in parallel)
 * every signature. A mismatch names the fraud-proof kind, chunk and position when it can, so a
 * challenger picks the proof (§4). On a mismatch the caller restores the WASM state from storage.
 *
 * Two steps, so that the signature workers can start on a batch as soon as it is decoded:
 * decodeCommitted (header checks and decoding; the state is untouched) then executeDecoded.
 */
import { hexlify } from "ethers";
import type { BatchResult, LoftCore } from "../core/index.ts";
import { CHUNK_POSITIONS, TxStatus, txStatusReason } from "../core/index.ts";
import { BatchDataError } from "../batch-data/batch-data-error.ts";
import { decodeBatchData, type DecodedBatch } from "../batch-data/decode-batch-data.ts";
import { BatchHeader, TRANSACTION_SIZE, TxKind } from "../protocol/ssz-types.ts";
import type { RecoveredSenders } from "../signatures/recover-chunk.ts";
import { RecoveryStatus, RECOVERY_STATUS_TEXT } from "../signatures/recovery-status.ts";
import { AMOUNT_OFFSET, SENDER_SIZE } from "../signatures/record-layout.ts";
import type { BatchTip } from "../sealer/batch-tip.ts";
import type { CommittedBatch } from "./l1-batch-reader.ts";
import { equalBytes, preStateContext } from "./pre-state-context.ts";

/** The kinds of fraud proof (docs/fraud-proofs.md §4). */
export type FraudKind =
  | "Undecodable" | "UnknownAccount" | "DuplicateAccount" | "ZeroRecipient" | "InsufficientBalance" | "Overflow"
  | "QueueMismatch" | "StateRoot" | "BadSignature" | "TxRoot" | "ExitRoot";

export interface Mismatch {
  batch: number;
  field: "parentRoot" | "root" | "data" | "signature" | "transaction" | "chunk" | "stateRoot" | "txRoot" | "exitRoot" | "queueCount" | "dataHash";
  detail: string;
  /** The fraud-proof kind that proves it, when the mismatch is one a proof can show. */
  kind?: FraudKind;
  /** The chunk, and the batch position (0-based, queue messages first), it was found at. */
  chunk?: number;
  position?: number;
}

export type Failure = { ok: false; mismatch: Mismatch; stateTouched: boolean };
export type DecodedOk = { ok: true } & DecodedBatch;
export type Decoded = DecodedOk | Failure;
export type Verdict = { ok: true; result: BatchResult } | Failure;

export interface VerifyDeps {
  core: LoftCore;
  separator: Uint8Array;
}

type Where = Pick<Mismatch, "kind" | "chunk" | "position">;
const fail = (batch: CommittedBatch, field: Mismatch["field"], detail: string, stateTouched = false, where: Where = {}): Failure => ({ ok: false, mismatch: { batch: batch.number, field, detail, ...defined(where) }, stateTouched });
const defined = (where: Where): Where => Object.fromEntries(Object.entries(where).filter(([, v]) => v !== undefined));
const at = (position: number) => ({ chunk: Math.floor(position / CHUNK_POSITIONS), position });
const FROM_OFFSET = 1;
/** Invalid positions a state-transition proof shows (the others cannot come first in decodable data). */
const STATUS_KIND: Partial<Record<TxStatus, FraudKind>> = {
  [TxStatus.InsufficientBalance]: "InsufficientBalance",
  [TxStatus.Overflow]: "Overflow",
  [TxStatus.ZeroRecipient]: "ZeroRecipient",
  [TxStatus.StateFull]: "Overflow",
};

/** Parent link, root, data hash, queue count and decoding; the state is not changed. */
export function decodeCommitted(deps: VerifyDeps, tip: BatchTip, batch: CommittedBatch, queueRecords: Uint8Array[]): Decoded {
  const { core } = deps;
  const { header } = batch;
  if (!equalBytes(header.parentRoot, tip.root)) return fail(batch, "parentRoot", `expected ${hexlify(tip.root)}, committed ${hexlify(header.parentRoot)}`);
  if (!equalBytes(BatchHeader.hashTreeRoot(header), batch.root)) return fail(batch, "root", "the header does not hash to the root the contract stored");
  if (!equalBytes(core.hashing.keccak256(batch.data), header.dataHash)) return fail(batch, "dataHash", "keccak256 of the posted data is not the header's dataHash");
  if (queueRecords.length !== header.queueCount - tip.queueCount) return fail(batch, "queueCount", `the batch claims ${header.queueCount - tip.queueCount} queue messages, ${queueRecords.length} were given`);
  try {
    return { ok: true, ...decodeBatchData(batch.data, queueRecords, preStateContext(core)) };
  } catch (error) {
    if (error instanceof BatchDataError) return fail(batch, "data", error.message, false, { kind: error.kind, chunk: error.chunk, position: error.position });
    throw error;
  }
}

/**
 * Executes the decoded queue messages and user transactions and checks every position, the full
 * exits' posted amounts, every chunk entry and the three roots. The state advances when this
 * succeeds; the caller checks the signatures (signatureMismatch) before trusting the batch, so
 * recovery overlaps with execution.
 */
export function executeDecoded(deps: VerifyDeps, tip: BatchTip, batch: CommittedBatch, decoded: DecodedOk): Verdict {
  const { core } = deps;
  const { header } = batch;
  const { queue, users } = decoded;
  let input = users;
  if (queue.length > 0) {
    input = new Uint8Array(queue.length + users.length);
    input.set(queue);
    input.set(users, queue.length);
  }
  const result = core.executor.execute(input, tip.queueCount);
  const bad = result.statuses.findIndex((s) => s !== TxStatus.Ok);
  if (bad >= 0) {
    const status = result.statuses[bad] as TxStatus;
    return fail(batch, "transaction", `transaction ${bad} is invalid: ${txStatusReason[status]}`, true, { kind: STATUS_KIND[status], ...at(bad) });
  }
  const exit = fullExitMismatch(batch, queue, result.included);
  if (exit) return exit;
  const chunk = chunkMismatch(batch, decoded.entries, result);
  if (chunk) return chunk;
  const last = at(result.includedCount - 1).chunk;
  const kinds = { stateRoot: { kind: "StateRoot", chunk: last }, txRoot: { kind: "TxRoot" }, exitRoot: { kind: "ExitRoot" } } as const;
  for (const field of ["stateRoot", "txRoot", "exitRoot"] as const) {
    if (!equalBytes(result[field], header[field])) return fail(batch, field, `re-execution gives ${hexlify(result[field])}, committed ${hexlify(header[field])}`, true, kinds[field]);
  }
  if (result.queueCount !== header.queueCount) return fail(batch, "queueCount", `re-execution processed up to ${result.queueCount}, committed ${header.queueCount}`, true);
  return { ok: true, result };
}

/** A full exit whose posted amount is not the balance it withdrew (QueueMismatch). */
function fullExitMismatch(batch: CommittedBatch, posted: Uint8Array, executed: Uint8Array): Failure | undefined {
  for (let p = 0; p < posted.length / TRANSACTION_SIZE; p++) {
    const from = p * TRANSACTION_SIZE + AMOUNT_OFFSET;
    if (posted[p * TRANSACTION_SIZE] !== TxKind.fullExit || equalBytes(posted.subarray(from, from + 16), executed.subarray(from, from + 16))) continue;
    return fail(batch, "transaction", `the full exit at position ${p} posts amount 0x${hex128(posted, from)}, it withdrew 0x${hex128(executed, from)}`, true, { kind: "QueueMismatch", ...at(p) });
  }
  return undefined;
}

/** The first chunk whose posted entry is not sha256(stateRoot_c ‖ txSubtree_c) of the re-execution (StateRoot). */
function chunkMismatch(batch: CommittedBatch, posted: Uint8Array, result: BatchResult): Failure | undefined {
  for (let c = 0; c < result.chunkEntries.length / 32; c++) {
    const entry = result.chunkEntries.subarray(c * 32, c * 32 + 32);
    if (equalBytes(entry, posted.subarray(c * 32, c * 32 + 32))) continue;
    const detail = `chunk ${c}: re-execution gives entry ${hexlify(entry)} (stateRoot ${hexlify(result.chunkStateRoots.subarray(c * 32, c * 32 + 32))}), posted ${hexlify(posted.subarray(c * 32, c * 32 + 32))}`;
    return fail(batch, "chunk", detail, true, { kind: "StateRoot", chunk: c, position: Math.min(result.includedCount, (c + 1) * CHUNK_POSITIONS) - 1 });
  }
  return undefined;
}

const hex128 = (record: Uint8Array, from: number) => Buffer.from(record.subarray(from, from + 16)).reverse().toString("hex");

/**
 * The first user transaction whose signature is not canonical or not its sender's, if any
 * (BadSignature; user transaction i is batch position queueMessages + i).
 */
export function signatureMismatch(batch: number, users: Uint8Array, recovered: RecoveredSenders, queueMessages: number): Mismatch | undefined {
  const { statuses, senders } = recovered;
  const mismatch = (i: number, detail: string): Mismatch => ({ batch, field: "signature", detail: `transaction ${i}: ${detail}`, kind: "BadSignature", ...at(queueMessages + i) });
  for (let i = 0; i < users.length / TRANSACTION_SIZE; i++) {
    const status = statuses[i] as RecoveryStatus;
    if (status !== RecoveryStatus.ok) return mismatch(i, RECOVERY_STATUS_TEXT[status]);
    const from = i * TRANSACTION_SIZE + FROM_OFFSET;
    const signer = i * SENDER_SIZE;
    for (let k = 0; k < SENDER_SIZE; k++) {
      if (users[from + k] !== senders[signer + k]) {
        return mismatch(i, `signed by ${hexlify(senders.subarray(signer, signer + SENDER_SIZE))}, not by its sender ${hexlify(users.subarray(from, from + SENDER_SIZE))}`);
      }
    }
  }
  return undefined;
}
