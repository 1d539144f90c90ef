/**
 * Moves a stored batch along sealed → committed → finalized (spec §4), durably. Status never
 * moves backwards; an L1 reorg that un-commits a batch is handled by the poster, not here.
 */
import type { BatchRecord, BatchStatus, CommitSpan } from "./sealed-batch.ts";
import type { Store } from "./store.ts";

const ORDER: Record<BatchStatus, number> = { sealed: 0, committed: 1, finalized: 2 };

export interface StatusChange {
  status: BatchStatus;
  l1TxHash?: string;
  /** With "committed": the commit that carries the batch. */
  commit?: CommitSpan;
  at: number; // ms
}

export async function setBatchStatus(store: Store, number: number, change: StatusChange): Promise<BatchRecord> {
  let updated: BatchRecord | undefined;
  await store.writeDurably(() => {
    const record: BatchRecord | undefined = store.buckets.batches.get(number);
    if (!record) throw new Error(`batch ${number} is not stored`);
    if (ORDER[change.status] < ORDER[record.status]) {
      throw new Error(`batch ${number} is ${record.status}; it cannot go back to ${change.status}`);
    }
    updated = { ...record, status: change.status };
    if (change.l1TxHash !== undefined) updated.l1TxHash = change.l1TxHash;
    if (change.commit !== undefined) updated.commit = change.commit;
    if (change.status === "committed") updated.committedAt = change.at;
    if (change.status === "finalized") updated.finalizedAt = change.at;
    store.buckets.batches.put(number, updated);
  });
  return updated!;
}
