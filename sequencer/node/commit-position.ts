/**
 * Where a stored batch sits in its L1 commit (docs/fraud-proofs.md §3): the commit's index and
 * the branch of the batch's leaf among the leaves of every batch the commit carries, rebuilt
 * from the stored headers and data. This is what `withdraw` proves a batch's exitRoot with.
 */
import { BatchHeader } from "../protocol/ssz-types.ts";
import { batchDataRoots } from "../l1/batch-data-root.ts";
import { batchLeaf, commitBranch, type CommitPosition } from "../l1/withdraw-calldata.ts";
import type { StoreReader } from "../store/store-reader.ts";

type Reader = Pick<StoreReader, "batch" | "batchData">;

/** The commit position of stored batch `number`, or undefined while it is not committed (or its commit's batches are not all stored). */
export function commitPositionOf(reader: Reader, number: number): CommitPosition | undefined {
  const commit = reader.batch(number)?.commit;
  if (!commit) return undefined;
  const leaves: Uint8Array[] = [];
  let dataRoot: Uint8Array | undefined;
  // the genesis batch 0 (queueCount 0) is not a stored batch
  let parentQueueCount = commit.firstBatch === 1 ? 0 : headerOf(reader, commit.firstBatch - 1)?.queueCount;
  for (let n = commit.firstBatch; n <= commit.lastBatch; n++) {
    const header = headerOf(reader, n);
    const data = reader.batchData(n);
    if (!header || parentQueueCount === undefined || !data) return undefined;
    const roots = batchDataRoots(new Uint8Array(data), header.queueCount - parentQueueCount);
    if (n === number) dataRoot = roots.dataRoot;
    leaves.push(batchLeaf(header, roots.dataRoot));
    parentQueueCount = header.queueCount;
  }
  return { index: commit.index, dataRoot: dataRoot!, branch: commitBranch(leaves, number - commit.firstBatch) };
}

function headerOf(reader: Reader, number: number): BatchHeader | undefined {
  const record = reader.batch(number);
  return record ? BatchHeader.deserialize(new Uint8Array(record.header)) : undefined;
}
