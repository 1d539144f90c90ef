/**
 * The refs every fraud proof starts with (docs/fraud-proofs.md §4): BatchRef (the batch against its
 * commit: commit branch, header, parent, U, tableRoot), ChunkRef (a segment against the table) and
 * EntryPreimage (a chunk entry's preimage: the previous chunk's as a pre-state), as ethers ABI values, built from what a
 * follower has: the commit's batch leaves, the headers, the posted data (framed by
 * sequencer/batch-data/segments.ts) and the queue.
 */
import { keccak_256 } from "@noble/hashes/sha3";
import { sha256 } from "@noble/hashes/sha2";
import { hexlify } from "ethers";
import type { BatchHeader } from "../protocol/ssz-types.ts";
import type { Segment } from "../batch-data/segments.ts";
import { batchDataRoots, dataRootOf } from "../l1/batch-data-root.ts";
import { batchLeaf } from "../l1/withdraw-calldata.ts";
import { FraudProofInputError, type QueueMessage } from "./fraud-inputs.ts";
import { COMMIT_TREE_DEPTH, keccakBranch, TABLE_TREE_DEPTH } from "./keccak-merkle.ts";

export interface BatchEvidence {
  commitIndex: number;
  /** The commit's first batch number and its batch leaves keccak256(batchRoot ‖ dataRoot), in order. */
  firstBatch: number;
  batchLeaves: Uint8Array[];
  header: BatchHeader;
  parent: BatchHeader;
  /** The batch's posted data (v2). */
  data: Uint8Array;
  /** The Q queue messages the batch processes: queue indices parent.queueCount, … */
  queue: QueueMessage[];
}

/** The preimage of a chunk's entry: the roots after it. */
export interface ChunkRoots {
  stateRoot: Uint8Array;
  txSubtree: Uint8Array;
}

export interface OpenedBatch {
  evidence: BatchEvidence;
  queueCount: number;
  userCount: number;
  segments: Segment[];
  /** keccak256(entry_c ‖ keccak256(chunk_c)) per chunk. */
  tableLeaves: Uint8Array[];
  /** The BatchRef argument of every proof. */
  ref: Record<string, unknown>;
}

export const headerTuple = (h: BatchHeader) => ({
  number: h.number, parentRoot: hexlify(h.parentRoot), stateRoot: hexlify(h.stateRoot), txRoot: hexlify(h.txRoot),
  exitRoot: hexlify(h.exitRoot), queueCount: h.queueCount, timestamp: h.timestamp, dataHash: hexlify(h.dataHash),
});

/** keccak256(uint32 U ‖ tableRoot), the batch's dataRoot (docs/fraud-proofs.md §3). */
export { dataRootOf };

export function openBatch(evidence: BatchEvidence): OpenedBatch {
  const { header, parent } = evidence;
  const queueCount = header.queueCount - parent.queueCount;
  if (evidence.queue.length !== queueCount) throw new FraudProofInputError(`the batch processes ${queueCount} queue messages, ${evidence.queue.length} given`);
  const { userCount, segments, tableLeaves, tableRoot, dataRoot } = batchDataRoots(evidence.data, queueCount);
  const leaf = batchLeaf(header, dataRoot);
  const position = header.number - evidence.firstBatch;
  const stored = evidence.batchLeaves[position];
  if (!stored || Buffer.compare(stored, leaf) !== 0) throw new FraudProofInputError(`batch ${header.number} is not leaf ${position} of commit ${evidence.commitIndex}`);
  const ref = {
    commitIndex: evidence.commitIndex,
    commitBranch: keccakBranch(evidence.batchLeaves, position, COMMIT_TREE_DEPTH).map((n) => hexlify(n)),
    header: headerTuple(header),
    parent: headerTuple(parent),
    userCount,
    tableRoot: hexlify(tableRoot),
  };
  return { evidence, queueCount, userCount, segments, tableLeaves, ref };
}

export function chunkRef(batch: OpenedBatch, index: number): Record<string, unknown> {
  const segment = batch.segments[index];
  if (!segment) throw new FraudProofInputError(`chunk ${index} of ${batch.segments.length}`);
  const branch = keccakBranch(batch.tableLeaves, index, TABLE_TREE_DEPTH).map((n) => hexlify(n));
  return { index, entry: hexlify(segment.entry), branch, data: hexlify(segment.chunk) };
}

/** The EntryPreimage of chunk `index`'s own entry: `roots` (the roots after it), its hash and leaf branch. */
export function entryPreimageRef(batch: OpenedBatch, index: number, roots: ChunkRoots): Record<string, unknown> {
  const segment = batch.segments[index];
  if (!segment) throw new FraudProofInputError(`chunk ${index} of ${batch.segments.length}`);
  const entry = sha256(Uint8Array.from([...roots.stateRoot, ...roots.txSubtree]));
  if (Buffer.compare(entry, segment.entry) !== 0) throw new FraudProofInputError(`the roots given for chunk ${index} are not its entry: prove that chunk first`);
  return {
    stateRoot: hexlify(roots.stateRoot),
    txSubtree: hexlify(roots.txSubtree),
    chunkHash: hexlify(keccak_256(segment.chunk)),
    branch: keccakBranch(batch.tableLeaves, index, TABLE_TREE_DEPTH).map((n) => hexlify(n)),
  };
}

/** The pre-state of chunk `index` (an EntryPreimage): unused fields for chunk 0, else entry_{index−1}'s preimage, `previous`. */
export function preStateRef(batch: OpenedBatch, index: number, previous?: ChunkRoots): Record<string, unknown> {
  const zero = hexlify(new Uint8Array(32));
  if (index === 0) return { stateRoot: zero, txSubtree: zero, chunkHash: zero, branch: Array(TABLE_TREE_DEPTH).fill(zero) };
  if (!previous) throw new FraudProofInputError(`chunk ${index} needs the roots after chunk ${index - 1}`);
  return entryPreimageRef(batch, index - 1, previous);
}

/** The state root before chunk `index`: the parent's for chunk 0, else previous.stateRoot. */
export function preStateRootOf(batch: OpenedBatch, index: number, previous?: ChunkRoots): Uint8Array {
  if (index === 0) return batch.evidence.parent.stateRoot;
  if (!previous) throw new FraudProofInputError(`chunk ${index} needs the roots after chunk ${index - 1}`);
  return previous.stateRoot;
}
