/**
 * Sender recovery for admission: a single JSON-RPC transaction goes through the RecoveryBatcher,
 * which coalesces the ones arriving in the same event-loop turn into one pool call; a binary frame
 * is already a chunk and goes to the pool directly.
 */
import type { RecoveredSenders } from "../signatures/recover-chunk.ts";
import type { RecoveryBatcher } from "../signatures/recovery-batcher.ts";
import type { SignaturePool } from "../signatures/signature-pool.ts";

export function recoverVia(pool: SignaturePool, batcher: RecoveryBatcher) {
  return async (records: Uint8Array, count: number): Promise<RecoveredSenders> => {
    if (count !== 1) return pool.recover(records, count);
    const { status, sender } = await batcher.recoverOne(records);
    const senders = new Uint8Array(20);
    if (sender) senders.set(sender);
    return { senders, statuses: Uint8Array.of(status) };
  };
}
