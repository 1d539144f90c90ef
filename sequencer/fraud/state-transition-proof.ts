/**
 * Builds proveStateTransition's arguments for one chunk (docs/fraud-proofs.md §4) and says what the
 * contract will conclude with them (findChunkFraud): the challenger sends it only when `fraud` is
 * set. The pre-state accessor must be the state before the chunk; a mismatch with the batch's
 * claimed pre-state root is thrown here rather than reverted on L1.
 */
import { hexlify } from "ethers";
import { chunkRef, preStateRootOf, preStateRef, type ChunkRoots, type OpenedBatch } from "./batch-ref.ts";
import { findChunkFraud, type AccountWitnessValue, type ChunkFinding } from "./chunk-fraud.ts";
import { chunkQueue, windowOf } from "./chunk-queue.ts";
import { FraudProofInputError, type PreChunkState } from "./fraud-inputs.ts";
import { accountLeaf } from "./ssz-leaves.ts";
import { multiproofRoot } from "./state-multiproof.ts";

export const witnessTuple = (a: AccountWitnessValue) => ({ index: a.index, addr: hexlify(a.address), balance: a.balance, nonce: a.nonce });
export const proofTuple = (p: { length: number; nodes: Uint8Array[] }) => ({ length: p.length, nodes: p.nodes.map((n) => hexlify(n)) });

/** Throws unless the witnesses and nodes give `preStateRoot` (the accessor is the chunk's pre-state). */
export function checkPreState(accounts: AccountWitnessValue[], proof: ChunkFinding["proof"], preStateRoot: Uint8Array): void {
  const leaves = accounts.map((a) => (a.index < proof.length ? accountLeaf(a) : new Uint8Array(32)));
  const root = multiproofRoot(accounts.map((a) => a.index), leaves, proof.nodes, proof.length);
  if (Buffer.compare(root, preStateRoot) !== 0) throw new FraudProofInputError("the state given is not the chunk's pre-state (its root differs)");
}

export interface StateTransitionProof {
  finding: ChunkFinding;
  /** [ref, chunk, pre, accounts, proof] for proveStateTransition. */
  args: unknown[];
}

export function stateTransitionProof(batch: OpenedBatch, index: number, pre: PreChunkState, previous?: ChunkRoots): StateTransitionProof {
  const segment = batch.segments[index];
  if (!segment) throw new FraudProofInputError(`chunk ${index} of ${batch.segments.length}`);
  const w = windowOf(batch, index);
  const claim = { entry: segment.entry, last: index === batch.segments.length - 1, batchStateRoot: batch.evidence.header.stateRoot };
  const finding = findChunkFraud(segment.chunk, w, chunkQueue(batch, w), pre, claim);
  checkPreState(finding.accounts, finding.proof, preStateRootOf(batch, index, previous));
  const args = [batch.ref, chunkRef(batch, index), preStateRef(batch, index, previous), finding.accounts.map(witnessTuple), proofTuple(finding.proof)];
  return { finding, args };
}
