/**
 * Decodes a batch's data again before it is stored and posted (as Nitro checks every batch it
 * builds): the decoder, given the batch's L1 queue messages and the state before the batch, must
 * give back exactly the executed queue messages (full-exit amounts included), the included user
 * transactions and the executor's chunk entries. A mismatch is a bug that would make followers
 * (and a fraud proof) reject the batch, so it is fatal.
 */
import type { BatchResult, LoftCore } from "../core/index.ts";
import { decodeBatchData } from "../batch-data/decode-batch-data.ts";
import { decodeAccountRecord } from "../node/core-account-reader.ts";
import { TRANSACTION_SIZE } from "../protocol/ssz-types.ts";

export class BatchDataCheckError extends Error {
  override name = "BatchDataCheckError";
}

/**
 * `messages` are the batch's queue messages as L1 has them, `result` its execution, `base` the
 * account count before it and `senders` the included user transactions' senders (the core's state
 * is the state after the batch: nonces are taken back by what the batch sent).
 */
export function checkBatchData(core: LoftCore, data: Uint8Array, messages: Uint8Array[], result: BatchResult, base: number, senders: Uint8Array[]): void {
  const sentInBatch = new Map<number, number>();
  for (const sender of senders) {
    const index = core.state.indexOf(sender);
    sentInBatch.set(index, (sentInBatch.get(index) ?? 0) + 1);
  }
  const scratch = new Uint8Array(44);
  const decoded = decodeBatchData(data, messages, {
    accountCount: base,
    addressAt: (index) => core.state.account(index).subarray(0, 20),
    nonceAt: (index) => {
      core.state.accountInto(index, scratch);
      return decodeAccountRecord(scratch).nonce - (sentInBatch.get(index) ?? 0);
    },
    indexOf: (address) => {
      const index = core.state.indexOf(address);
      return index < 0 || index >= base ? undefined : index;
    },
  });
  const queueBytes = messages.length * TRANSACTION_SIZE;
  if (Buffer.compare(decoded.queue, result.included.subarray(0, queueBytes)) !== 0) {
    throw new BatchDataCheckError("batch data does not decode back to the batch's queue messages as executed");
  }
  if (Buffer.compare(decoded.users, result.included.subarray(queueBytes)) !== 0) {
    throw new BatchDataCheckError("batch data does not decode back to the batch's transactions");
  }
  if (Buffer.compare(decoded.entries, result.chunkEntries) !== 0) {
    throw new BatchDataCheckError("batch data does not decode back to the executor's chunk entries");
  }
}
