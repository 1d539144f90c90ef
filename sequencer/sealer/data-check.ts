/**
 * Decodes a batch's data again before it is stored and posted (as Nitro checks every batch it
 * builds): the decoder, given the state before the batch, must give back exactly the included
 * transactions. A mismatch is a bug that would make followers reject the batch, so it is fatal.
 */
import type { LoftCore } from "../core/index.ts";
import { decodeBatchData } from "../batch-data/decode-batch-data.ts";
import { decodeAccountRecord } from "../node/core-account-reader.ts";

export class BatchDataCheckError extends Error {
  override name = "BatchDataCheckError";
}

/** `included` are the batch's user transactions (146-byte records); `base` the account count before it. */
export function checkBatchData(core: LoftCore, data: Uint8Array, included: Uint8Array, base: number, senders: Uint8Array[]): void {
  const sentInBatch = new Map<number, number>();
  for (const sender of senders) {
    const index = core.state.indexOf(sender);
    sentInBatch.set(index, (sentInBatch.get(index) ?? 0) + 1);
  }
  const scratch = new Uint8Array(44);
  const decoded = decodeBatchData(data, {
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
  if (Buffer.compare(decoded, included) !== 0) {
    throw new BatchDataCheckError("batch data does not decode back to the batch's transactions");
  }
}
