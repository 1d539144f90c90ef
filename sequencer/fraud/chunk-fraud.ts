/**
 * findChunkFraud: what proveStateTransition will conclude about one chunk (docs/fraud-proofs.md
 * §4), computed in TypeScript before sending anything: the first invalid position and its kind, or
 * StateRoot when the chunk executes but its entry (or, for the last chunk, the header's stateRoot)
 * is not what it gives; and the witnesses and multiproof nodes the proof needs.
 */
import { sha256 } from "@noble/hashes/sha2";
import { executeChunk } from "./chunk-execution.ts";
import { FraudKind, type ChunkWindow, type PreChunkState, type QueueMessage } from "./fraud-inputs.ts";
import { accountLeaf, chunkSubtree } from "./ssz-leaves.ts";
import { multiproofNodes, multiproofRoot } from "./state-multiproof.ts";

/** What the batch claims about the chunk: its posted entry, and for its last chunk the header's stateRoot. */
export interface ChunkClaim {
  entry: Uint8Array;
  last: boolean;
  batchStateRoot: Uint8Array;
}

/** A witness as the contract's AccountWitness takes it. */
export interface AccountWitnessValue {
  index: number;
  address: Uint8Array;
  balance: bigint;
  nonce: bigint;
}

export interface ChunkFinding {
  fraud?: { kind: FraudKind; position: number };
  /** Witnesses against the pre-state (created accounts with zero fields), and the multiproof. */
  accounts: AccountWitnessValue[];
  proof: { length: number; nodes: Uint8Array[] };
  /** The roots the chunk gives when it executes (entry = sha256(stateRoot ‖ txSubtree)). */
  stateRoot?: Uint8Array;
  txSubtree?: Uint8Array;
  /** hash_tree_root(Transaction) of each position, when the chunk executes. */
  txLeaves?: Uint8Array[];
}

export function preStateWitnesses(indices: number[], pre: PreChunkState): AccountWitnessValue[] {
  return indices.map((index) => {
    if (index >= pre.count) return { index, address: new Uint8Array(20), balance: 0n, nonce: 0n };
    const a = pre.account(index);
    return { index, address: Uint8Array.from(a.address), balance: a.balance, nonce: BigInt(a.nonce) };
  });
}

export function findChunkFraud(data: Uint8Array, window: ChunkWindow, queue: QueueMessage[], pre: PreChunkState, claim: ChunkClaim): ChunkFinding {
  const run = executeChunk(data, window, queue, pre);
  const indices = run.witnesses.length > 0 ? run.witnesses : [0]; // a multiproof needs a leaf
  const nodes = multiproofNodes(indices, (level, index) => pre.node(level, index));
  const finding: ChunkFinding = { accounts: preStateWitnesses(indices, pre), proof: { length: pre.count, nodes } };
  if (run.fraud) return { ...finding, fraud: run.fraud };
  const leaves = indices.map((i) => {
    const a = run.accounts.get(i);
    return a ? accountLeaf(a) : new Uint8Array(32);
  });
  const stateRoot = multiproofRoot(indices, leaves, nodes, run.count);
  const txSubtree = chunkSubtree(run.txLeaves);
  const entry = sha256(Uint8Array.from([...stateRoot, ...txSubtree]));
  const wrong = Buffer.compare(entry, claim.entry) !== 0 || (claim.last && Buffer.compare(stateRoot, claim.batchStateRoot) !== 0);
  return { ...finding, stateRoot, txSubtree, txLeaves: run.txLeaves, fraud: wrong ? { kind: FraudKind.StateRoot, position: window.end - 1 } : undefined };
}
