/**
 * A batch's chunk table and dataRoot as the Rollup computes them at commit (docs/fraud-proofs.md
 * §3), the one TypeScript implementation (the node, the proof builders and the tests use it): the
 * chunk leaves keccak256(entry_c ‖ keccak256(chunk_c)), their depth-11 keccak Merkle root
 * (tableRoot, sequencer/fraud/keccak-merkle.ts), then keccak256(uint32 U big-endian ‖ tableRoot).
 * A batch's leaf in its commit tree is keccak256(hash_tree_root(header) ‖ dataRoot) (`batchLeaf`,
 * withdraw-calldata.ts).
 */
import { keccak_256 } from "@noble/hashes/sha3";
import { readSegments, type Segment } from "../batch-data/segments.ts";
import { keccakPair, keccakRoot, TABLE_TREE_DEPTH } from "../fraud/keccak-merkle.ts";

export { TABLE_TREE_DEPTH };

/** keccak256(entry_c ‖ keccak256(chunk_c)): chunk c's leaf in the batch's chunk table. */
export const chunkLeaf = ({ entry, chunk }: { entry: Uint8Array; chunk: Uint8Array }): Uint8Array => keccakPair(entry, keccak_256(chunk));

/** The depth-11 keccak Merkle root over the chunk leaves. */
export const tableRootOf = (tableLeaves: Uint8Array[]): Uint8Array => keccakRoot(tableLeaves, TABLE_TREE_DEPTH);

/** keccak256(uint32 U big-endian ‖ tableRoot), the batch's dataRoot. */
export function dataRootOf(userCount: number, tableRoot: Uint8Array): Uint8Array {
  const head = new Uint8Array(36);
  new DataView(head.buffer).setUint32(0, userCount);
  head.set(tableRoot, 4);
  return keccak_256(head);
}

export interface BatchDataRoots {
  userCount: number;
  segments: Segment[];
  tableLeaves: Uint8Array[];
  tableRoot: Uint8Array;
  dataRoot: Uint8Array;
}

/** The framing, chunk leaves, tableRoot and dataRoot of posted v2 data that processes `queueMessages` L1 queue messages. */
export function batchDataRoots(data: Uint8Array, queueMessages: number): BatchDataRoots {
  const { userCount, segments } = readSegments(data, queueMessages);
  const tableLeaves = segments.map(chunkLeaf);
  const tableRoot = tableRootOf(tableLeaves);
  return { userCount, segments, tableLeaves, tableRoot, dataRoot: dataRootOf(userCount, tableRoot) };
}
