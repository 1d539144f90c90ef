/**
 * A batch's dataRoot as the Rollup computes it at commit (docs/fraud-proofs.md §3): the chunk
 * leaves keccak256(entry_c ‖ keccak256(chunk_c)), their depth-11 keccak Merkle root (tableRoot),
 * then keccak256(uint32 U big-endian ‖ tableRoot). A batch's leaf in its commit tree is
 * keccak256(hash_tree_root(header) ‖ dataRoot) (`batchLeaf`).
 */
import { keccak_256 } from "@noble/hashes/sha3";
import { readSegments } from "../batch-data/segments.ts";
import { keccakMerkleRoot } from "./withdraw-calldata.ts";

export const TABLE_TREE_DEPTH = 11;

/** The tableRoot and dataRoot of posted v2 data that processes `queueMessages` L1 queue messages. */
export function batchDataRoots(data: Uint8Array, queueMessages: number): { userCount: number; tableRoot: Uint8Array; dataRoot: Uint8Array } {
  const { userCount, segments } = readSegments(data, queueMessages);
  const leaves = segments.map(({ entry, chunk }) => {
    const both = new Uint8Array(64);
    both.set(entry);
    both.set(keccak_256(chunk), 32);
    return keccak_256(both);
  });
  const tableRoot = keccakMerkleRoot(leaves, TABLE_TREE_DEPTH);
  const head = new Uint8Array(36);
  new DataView(head.buffer).setUint32(0, userCount);
  head.set(tableRoot, 4);
  return { userCount, tableRoot, dataRoot: keccak_256(head) };
}
