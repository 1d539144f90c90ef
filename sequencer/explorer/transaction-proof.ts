/**
 * Merkle proof of a transaction in its batch: the leaf hash_tree_root(Transaction), its 16
 * siblings bottom-up in List[Transaction, 2^16], and the list length mixed in last, so
 *
 *     txRoot = sha256(fold(leaf, branch, index), uint256_le(length))
 *
 * Leaves and levels are hashed by the WASM core (a 5,000-transaction batch costs a few ms of the
 * main thread, where @chainsafe/ssz in JS would take hundreds); the leaves of the last few
 * batches asked for are cached.
 */
import { hexlify } from "ethers";
import type { Hashing, SszRoots } from "../core/index.ts";
import { BatchHeader } from "../protocol/ssz-types.ts";
import type { StoreReader } from "../store/store-reader.ts";

export const TX_BRANCH_DEPTH = 16;

export interface TransactionProof {
  txRoot: string;
  index: number;
  length: number;
  leaf: string;
  branch: string[];
}

export interface ProofHashing {
  ssz: Pick<SszRoots, "transactionRootInto" | "zeroHash">;
  hashing: Pick<Hashing, "hashNodes">;
}

export class TransactionProofs {
  private readonly leaves = new Map<number, Uint8Array>();

  constructor(private readonly reader: Pick<StoreReader, "batch" | "batchTransactions">, private readonly core: ProofHashing, private readonly cacheSize = 8) {}

  proof(batch: number, index: number): TransactionProof | undefined {
    const record = this.reader.batch(batch);
    if (!record || index >= record.txCount) return undefined;
    const leaves = this.batchLeaves(batch, record.txCount);
    return {
      txRoot: hexlify(BatchHeader.deserialize(new Uint8Array(record.header)).txRoot),
      index,
      length: record.txCount,
      leaf: hexlify(leaves.subarray(index * 32, index * 32 + 32)),
      branch: this.branch(leaves, index).map((node) => hexlify(node)),
    };
  }

  /** Siblings of leaf `index`, bottom-up, in a depth-16 tree whose first leaves are `leaves` (the rest zero). */
  private branch(leaves: Uint8Array, index: number): Uint8Array[] {
    const branch: Uint8Array[] = [];
    let level = leaves;
    let position = index;
    for (let depth = 0; depth < TX_BRANCH_DEPTH; depth++) {
      const zero = this.core.ssz.zeroHash(depth);
      const nodes = level.length / 32;
      const sibling = position ^ 1;
      branch.push(sibling < nodes ? level.slice(sibling * 32, sibling * 32 + 32) : zero);
      if (nodes % 2 === 1) {
        const padded = new Uint8Array(level.length + 32);
        padded.set(level);
        padded.set(zero, level.length);
        level = padded;
      }
      level = this.core.hashing.hashNodes(level);
      position >>= 1;
    }
    return branch;
  }

  private batchLeaves(batch: number, count: number): Uint8Array {
    const cached = this.leaves.get(batch);
    if (cached) return cached;
    const stored = this.reader.batchTransactions(batch, 0, count);
    if (stored.length !== count) throw new Error(`batch ${batch}: ${count} transactions recorded, ${stored.length} stored`);
    const leaves = new Uint8Array(count * 32);
    stored.forEach(({ record }, i) => this.core.ssz.transactionRootInto(record, leaves.subarray(i * 32, i * 32 + 32)));
    this.leaves.set(batch, leaves);
    if (this.leaves.size > this.cacheSize) this.leaves.delete(this.leaves.keys().next().value!);
    return leaves;
  }
}
