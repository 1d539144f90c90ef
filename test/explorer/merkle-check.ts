/** Independent SSZ proof checks for the explorer tests: fold a branch, then mix in the list length. */
import { createHash } from "node:crypto";
import { getBytes, hexlify } from "ethers";

const sha256 = (left: Uint8Array, right: Uint8Array) => new Uint8Array(createHash("sha256").update(left).update(right).digest());

/** hash_tree_root of a List from one leaf, its sibling branch (bottom-up), its index and the length. */
export function listRootFromProof(leaf: string, branch: string[], index: number, length: number): string {
  let node = getBytes(leaf);
  branch.forEach((sibling, depth) => {
    node = (index >> depth) & 1 ? sha256(getBytes(sibling), node) : sha256(node, getBytes(sibling));
  });
  const lengthChunk = new Uint8Array(32);
  new DataView(lengthChunk.buffer).setBigUint64(0, BigInt(length), true);
  return hexlify(sha256(node, lengthChunk));
}
