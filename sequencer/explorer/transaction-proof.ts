/**
 * Merkle proof of a transaction in its batch: the leaf hash_tree_root(Transaction), its 16
 * siblings bottom-up in List[Transaction, 2^16], and the list length mixed in last, so
 *
 *     txRoot = sha256(fold(leaf, branch, index), uint256_le(length))
 *
 * Leaves of the last few batches asked for are cached (a batch holds at most 2^16 transactions,
 * so one proof costs at most 2^17 hashes).
 */
import { hexlify } from "ethers";
import { listBranch } from "../node/withdrawal-claims.ts";
import { BatchHeader, Transaction } from "../protocol/ssz-types.ts";
import type { StoreReader } from "../store/store-reader.ts";

export const TX_BRANCH_DEPTH = 16;

export interface TransactionProof {
  txRoot: string;
  index: number;
  length: number;
  leaf: string;
  branch: string[];
}

export class TransactionProofs {
  private readonly leaves = new Map<number, Uint8Array[]>();

  constructor(private readonly reader: StoreReader, private readonly cacheSize = 8) {}

  proof(batch: number, index: number): TransactionProof | undefined {
    const record = this.reader.batch(batch);
    if (!record || index >= record.txCount) return undefined;
    const leaves = this.batchLeaves(batch, record.txCount);
    return {
      txRoot: hexlify(BatchHeader.deserialize(new Uint8Array(record.header)).txRoot),
      index,
      length: leaves.length,
      leaf: hexlify(leaves[index]!),
      branch: listBranch(leaves, index, TX_BRANCH_DEPTH).map((node) => hexlify(node)),
    };
  }

  private batchLeaves(batch: number, count: number): Uint8Array[] {
    const cached = this.leaves.get(batch);
    if (cached) return cached;
    const leaves = this.reader.batchTransactions(batch, 0, count).map(({ record }) => Transaction.hashTreeRoot(Transaction.deserialize(record)));
    if (leaves.length !== count) throw new Error(`batch ${batch}: ${count} transactions recorded, ${leaves.length} stored`);
    this.leaves.set(batch, leaves);
    if (this.leaves.size > this.cacheSize) this.leaves.delete(this.leaves.keys().next().value!);
    return leaves;
  }
}
