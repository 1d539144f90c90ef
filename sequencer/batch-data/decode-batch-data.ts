/**
 * Decodes posted batch data v2 (docs/fraud-proofs.md §2) back into the batch's transactions, given
 * the batch's L1 queue messages and the state before the batch: the follower's first step, and the
 * sealer's check of what it encoded. Framing faults, malformed bytes and everything the decoder can
 * already prove wrong are a BatchDataError naming the byte, chunk, position and fraud kind.
 *
 * Records are written straight into one output buffer at their SSZ offsets (the follower decodes
 * every transaction of L1's history on its main thread: per-record objects would cost more than
 * everything else it does per transaction).
 */
import { TRANSACTION_SIZE, TxKind } from "../protocol/ssz-types.ts";
import { AccountsAtPoint, type DecodeContext } from "./accounts-at-point.ts";
import { BatchDataError } from "./batch-data-error.ts";
import { ByteReader } from "./byte-reader.ts";
import { decodeQueueEntry, decodeRecord } from "./decode-position.ts";
import { CHUNK_POSITIONS, ENTRY_SIZE } from "./format.ts";
import { readSegments } from "./segments.ts";

export type { DecodeContext };

export interface DecodedBatch {
  userCount: number;
  /** The user transactions (146-byte records): nonces implied, v from the tag. */
  users: Uint8Array;
  /** The queue messages given (146-byte records), each full exit's amount as the data posts it. */
  queue: Uint8Array;
  /** entry_c of every chunk, 32 bytes each. */
  entries: Uint8Array;
}

/**
 * `queueMessages` are the batch's L1 queue messages (146-byte records of kind 2 or 3, a full exit's
 * amount unknown and 0), in queue order; `state` is the state before the batch.
 */
export function decodeBatchData(data: Uint8Array, queueMessages: readonly Uint8Array[], state: DecodeContext): DecodedBatch {
  queueMessages.forEach((m, i) => {
    if (m.length !== TRANSACTION_SIZE || (m[0] !== TxKind.deposit && m[0] !== TxKind.fullExit)) throw new Error(`queue message ${i}: expected a 146-byte deposit or full exit record`);
  });
  const q = queueMessages.length;
  const { userCount, segments } = readSegments(data, q);
  const total = q + userCount;
  const users = new Uint8Array(userCount * TRANSACTION_SIZE);
  const queue = new Uint8Array(q * TRANSACTION_SIZE);
  const entries = new Uint8Array(segments.length * ENTRY_SIZE);
  const userView = new DataView(users.buffer);
  const queueView = new DataView(queue.buffer);
  const accounts = new AccountsAtPoint(state);
  let p = 0;
  try {
    for (let c = 0; c < segments.length; c++) {
      const { entry, chunk, offset } = segments[c]!;
      entries.set(entry, c * ENTRY_SIZE);
      const input = new ByteReader(data, offset, offset + chunk.length);
      const end = Math.min(total, (c + 1) * CHUNK_POSITIONS);
      for (p = c * CHUNK_POSITIONS; p < end; p++) {
        if (p < q) decodeQueueEntry(input, accounts, queueMessages[p]!, queue, queueView, p * TRANSACTION_SIZE);
        else decodeRecord(input, accounts, users, userView, (p - q) * TRANSACTION_SIZE);
      }
      if (input.remaining !== 0) {
        p = end - 1;
        throw new BatchDataError(`${input.remaining} bytes after the last position of chunk ${c}`, input.offset);
      }
    }
  } catch (error) {
    if (error instanceof BatchDataError) throw error.located(Math.floor(p / CHUNK_POSITIONS), p);
    throw error;
  }
  return { userCount, users, queue, entries };
}
