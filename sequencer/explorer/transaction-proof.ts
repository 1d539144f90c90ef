/**
 * Merkle proof of a transaction in its batch: the leaf hash_tree_root(Transaction), its 16
 * siblings bottom-up in List[Transaction, 2^16], and the list length mixed in last, so
 *
 *     txRoot = sha256(fold(leaf, branch, index), uint256_le(length))
 *
 * Hashed by the WASM core (list-branch.ts); the leaves of the last few batches asked for are cached.
 */
import { hexlify } from "ethers";
import type { SszRoots } from "../core/index.ts";
import { BatchHeader } from "../protocol/ssz-types.ts";
import type { StoreReader } from "../store/store-reader.ts";
import { LeafCache, wasmListBranch, type ListHashing } from "./list-branch.ts";

export const TX_BRANCH_DEPTH = 16;

export interface TransactionProof {
  txRoot: string;
  index: number;
  length: number;
  leaf: string;
  branch: string[];
}

export interface ProofHashing extends ListHashing {
  ssz: Pick<SszRoots, "transactionRootInto" | "zeroHash">;
}

export class TransactionProofs {
  private readonly leaves = new LeafCache();

  constructor(private readonly reader: Pick<StoreReader, "batch" | "batchTransactions">, private readonly core: ProofHashing) {}

  proof(batch: number, index: number): TransactionProof | undefined {
    const record = this.reader.batch(batch);
    if (!record || index >= record.txCount) return undefined;
    const leaves = this.batchLeaves(batch, record.txCount);
    return {
      txRoot: hexlify(BatchHeader.deserialize(new Uint8Array(record.header)).txRoot),
      index,
      length: record.txCount,
      leaf: hexlify(leaves.subarray(index * 32, index * 32 + 32)),
      branch: wasmListBranch(this.core, leaves, index, TX_BRANCH_DEPTH).map((node) => hexlify(node)),
    };
  }

  private batchLeaves(batch: number, count: number): Uint8Array {
    return this.leaves.get(batch, () => {
      const stored = this.reader.batchTransactions(batch, 0, count);
      if (stored.length !== count) throw new Error(`batch ${batch}: ${count} transactions recorded, ${stored.length} stored`);
      const leaves = new Uint8Array(count * 32);
      stored.forEach(({ record }, i) => this.core.ssz.transactionRootInto(record, leaves.subarray(i * 32, i * 32 + 32)));
      return leaves;
    });
  }
}
