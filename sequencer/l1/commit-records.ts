/**
 * Which L1 commit carries each stored batch (docs/fraud-proofs.md §3: a batch is committed, final
 * or proven wrong with its commit, and a withdrawal or a fraud proof names it by its commit index
 * and position). The poster records a commit once it is confirmed; the follower records each
 * commit it reads. Kept in the meta bucket under ["commit", firstBatch], so the commit of batch n
 * is the record with the highest first batch ≤ n.
 */
import type { Store } from "../store/store.ts";

export interface StoredCommit {
  commitIndex: number;
  firstBatch: number;
  lastBatch: number;
  l1TxHash: string;
}

const key = (firstBatch: number) => ["commit", firstBatch];

/** Records a commit; call inside a write (store.writeDurably). */
export function putCommit(store: Store, commit: StoredCommit): void {
  store.buckets.meta.put(key(commit.firstBatch), commit);
}

/** The recorded commit that carries batch `number`, if any. */
export function commitOfBatch(store: Store, number: number): StoredCommit | undefined {
  for (const { value } of store.buckets.meta.getRange({ start: key(number), end: key(0), reverse: true, limit: 1 })) {
    const commit = value as StoredCommit;
    return commit.lastBatch >= number ? commit : undefined;
  }
  return undefined;
}
