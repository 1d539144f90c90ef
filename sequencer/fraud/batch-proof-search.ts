/**
 * Finds the fraud proof of a committed batch that will succeed on L1 (docs/fraud-proofs.md §4), from
 * what a follower has: the batch opened against its commit and the WASM core holding the state
 * before it. The batch is walked chunk by chunk, as the contract would see each chunk: the first
 * chunk whose execution is invalid or does not give its posted entry (or, last, the header's
 * stateRoot) is proven with proveStateTransition; else the first badly signed transaction with
 * proveSignature; else a wrong txRoot or exitRoot with proveTxRoot / proveExitRoot. Every chunk
 * that executes honestly is applied to the core before the next, so the core ends after the batch
 * when no proof succeeds (and in between chunks when one does: reload it then).
 */
import type { LoftCore } from "../core/index.ts";
import type { LoftDomain } from "../protocol/eip712.ts";
import type { ChunkRoots, OpenedBatch } from "./batch-ref.ts";
import { executeChunk } from "./chunk-execution.ts";
import { chunkQueue, windowOf } from "./chunk-queue.ts";
import { CHUNK_SIZE, FraudKind } from "./fraud-inputs.ts";
import { applyChunk, coreChunkState } from "./pre-chunk-state.ts";
import { encodeProof, type ProofFunction } from "./prover-calls.ts";
import { exitRootProof, txRootProof } from "./roots-proof.ts";
import { signatureProof, signatureProofAt } from "./signature-proof.ts";
import { stateTransitionProof } from "./state-transition-proof.ts";

/** A proof call: what it proves (kind, chunk, batch position) and its calldata to the Rollup. */
export interface BatchProof {
  fn: ProofFunction;
  /** The kind the contract will convict with (§4's numbering); undefined when it will revert NoFraud. */
  kind?: FraudKind;
  chunk: number;
  position: number;
  args: unknown[];
  calldata: string;
}

export interface BatchProofSearch {
  /** The proof that succeeds, if any. */
  proof?: BatchProof;
  /** The roots after each chunk executed honestly (all of them when no chunk is fraudulent). */
  roots: ChunkRoots[];
  /** With `every`: a call of each proof function (per chunk for the chunk proofs) whatever it concludes; on an honest batch every one reverts NoFraud. */
  every: BatchProof[];
}

export { FRAUD_KIND_NAMES } from "./fraud-inputs.ts";


function call(fn: ProofFunction, args: unknown[], chunk: number, position: number, kind?: FraudKind): BatchProof {
  return { fn, ...(kind === undefined ? {} : { kind }), chunk, position, args, calldata: encodeProof(fn, args) };
}

/**
 * Walks `batch` on `core` (which must hold the state before it: a pre-state that is not the
 * parent's stateRoot throws FraudProofInputError). `domain` is the Rollup's EIP-712 domain.
 */
export function searchBatchProof(core: LoftCore, batch: OpenedBatch, domain: LoftDomain, options: { every?: boolean } = {}): BatchProofSearch {
  const roots: ChunkRoots[] = [];
  const every: BatchProof[] = [];
  let badSignature: BatchProof | undefined;
  for (let c = 0; c < batch.segments.length; c++) {
    const pre = coreChunkState(core);
    const previous = c > 0 ? roots[c - 1] : undefined;
    const transition = stateTransitionProof(batch, c, pre, previous);
    const { fraud, stateRoot, txSubtree } = transition.finding;
    if (fraud) return { proof: call("proveStateTransition", transition.args, c, fraud.position, fraud.kind), roots, every };
    if (!badSignature) {
      const bad = signatureProof(batch, c, pre, domain, previous);
      if (bad) badSignature = call("proveSignature", bad.args, c, bad.position, FraudKind.BadSignature);
    }
    if (options.every) {
      every.push(call("proveStateTransition", transition.args, c, windowOf(batch, c).end - 1));
      const firstUser = Math.max(c * CHUNK_SIZE, batch.queueCount);
      const signed = firstUser < windowOf(batch, c).end ? signatureProofAt(batch, c, firstUser, pre, previous) : undefined;
      if (signed) every.push(call("proveSignature", signed.args, c, firstUser));
    }
    const w = windowOf(batch, c);
    const after = applyChunk(core, executeChunk(batch.segments[c]!.chunk, w, chunkQueue(batch, w), pre));
    if (Buffer.compare(after, stateRoot!) !== 0) throw new Error(`chunk ${c}: the core's root after applying it is not the one the proof computes`);
    roots.push({ stateRoot: stateRoot!, txSubtree: txSubtree! });
  }
  const tx = txRootProof(batch, roots);
  const exit = exitRootProof(batch);
  if (options.every) every.push(call("proveTxRoot", tx.args, 0, 0), call("proveExitRoot", exit.args, 0, 0));
  if (badSignature) return { proof: badSignature, roots, every };
  if (tx.fraud) return { proof: call("proveTxRoot", tx.args, 0, tx.fraud.position, tx.fraud.kind), roots, every };
  if (exit.fraud) return { proof: call("proveExitRoot", exit.args, Math.floor(exit.fraud.position / CHUNK_SIZE), exit.fraud.position, exit.fraud.kind), roots, every };
  return { roots, every };
}
