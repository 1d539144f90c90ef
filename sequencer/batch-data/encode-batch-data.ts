/**
 * Encodes an executed batch into its posted data, version 2 (format.ts, docs/fraud-proofs.md §2).
 * It runs after execution: every chunk's entry comes from the executor, a full exit posts the
 * amount it withdrew, and an account reference must name an account that exists at that point
 * (the encoder replays the batch's account creations in execution order to know which).
 */
import { TRANSACTION_SIZE, TxKind } from "../protocol/ssz-types.ts";
import { AMOUNT_OFFSET, FEE_OFFSET, SIGNATURE_OFFSET, TO_OFFSET } from "../signatures/record-layout.ts";
import { ByteWriter } from "./byte-writer.ts";
import { readUint128, writeRecordAmount } from "./compact-amount.ts";
import { CreatedAccounts } from "./created-accounts.ts";
import { CHUNK_POSITIONS, ENTRY_SIZE, MAX_CHUNK_BYTES, Tag } from "./format.ts";
import { chunkCount, writeDataHead } from "./segments.ts";

export interface EncodeContext {
  /** Accounts in the state before the batch. */
  accountCount: number;
  /** An address's account index; indices ≥ accountCount (accounts the batch created) are ignored. */
  indexOf(address: Uint8Array): number | undefined;
}

export interface ExecutedBatch {
  /** The included records (146 bytes each), its queue messages first, full-exit amounts as withdrawn. */
  included: Uint8Array;
  /** How many of them are L1 queue messages (Q). */
  queueMessages: number;
  /** entry_c of each chunk (32 bytes each), the executor's chunkEntries. */
  chunkEntries: Uint8Array;
}

type IndexNow = (address: Uint8Array) => number | undefined;

export function encodeBatchData(batch: ExecutedBatch, context: EncodeContext): Uint8Array {
  const { included, queueMessages, chunkEntries } = batch;
  const total = included.length / TRANSACTION_SIZE;
  if (!Number.isInteger(total) || queueMessages > total) throw new Error(`expected ${queueMessages} or more 146-byte records, got ${included.length} bytes`);
  const n = chunkCount(total);
  if (chunkEntries.length !== n * ENTRY_SIZE) throw new Error(`${total} positions make ${n} chunks, but ${chunkEntries.length / ENTRY_SIZE} entries were given`);
  const accounts = new CreatedAccounts(context.accountCount);
  const indexNow: IndexNow = (address) => {
    const index = context.indexOf(address);
    return index !== undefined && index < accounts.base ? index : accounts.indexOf(address);
  };
  const out = new ByteWriter();
  writeDataHead(out, total - queueMessages);
  for (let c = 0; c < n; c++) {
    out.raw(chunkEntries.subarray(c * ENTRY_SIZE, (c + 1) * ENTRY_SIZE));
    const lengthAt = out.size;
    out.byte(0);
    out.byte(0);
    const end = Math.min(total, (c + 1) * CHUNK_POSITIONS);
    for (let p = c * CHUNK_POSITIONS; p < end; p++) {
      const record = included.subarray(p * TRANSACTION_SIZE, (p + 1) * TRANSACTION_SIZE);
      if (p < queueMessages) writeQueueEntry(out, record, accounts, indexNow, p);
      else writeRecord(out, record, accounts, indexNow, p);
    }
    const length = out.size - lengthAt - 2;
    if (length > MAX_CHUNK_BYTES) throw new Error(`chunk ${c} takes ${length} bytes, more than ${MAX_CHUNK_BYTES}`);
    out.setUint16(lengthAt, length);
  }
  return out.result();
}

/** varint ref (0: no account, i + 1: account i), then a full exit's withdrawn amount. */
function writeQueueEntry(out: ByteWriter, record: Uint8Array, accounts: CreatedAccounts, indexNow: IndexNow, p: number): void {
  const kind = record[0]!;
  if (kind !== TxKind.deposit && kind !== TxKind.fullExit) throw new Error(`position ${p} is a queue position, but its record is kind ${kind}`);
  const address = record.subarray(TO_OFFSET, TO_OFFSET + 20);
  const index = indexNow(address);
  out.varint(index === undefined ? 0 : index + 1);
  if (kind === TxKind.deposit) {
    if (index === undefined) accounts.add(address);
    return;
  }
  if (index !== undefined) writeRecordAmount(record, AMOUNT_OFFSET, out);
  else if (readUint128(record, AMOUNT_OFFSET) !== 0n) throw new Error(`position ${p}: a full exit of an absent account withdrew ${readUint128(record, AMOUNT_OFFSET)}`);
}

/** tag ‖ from ‖ to ‖ amount ‖ fee ‖ r ‖ s; a transfer to an address with no account creates it. */
function writeRecord(out: ByteWriter, record: Uint8Array, accounts: CreatedAccounts, indexNow: IndexNow, p: number): void {
  const kind = record[0]!;
  if (kind !== TxKind.transfer && kind !== TxKind.withdraw) throw new Error(`position ${p} is a user position, but its record is kind ${kind}`);
  const from = indexNow(record.subarray(1, 21));
  if (from === undefined) throw new Error(`position ${p}: the sender has no account at this point`);
  const to = record.subarray(TO_OFFSET, TO_OFFSET + 20);
  const toIndex = kind === TxKind.transfer ? indexNow(to) : undefined;
  const v = record[SIGNATURE_OFFSET + 64]!;
  if (v !== 27 && v !== 28) throw new Error(`position ${p}: signature v is ${v}, the data holds 27 or 28`);
  let tag = kind === TxKind.withdraw ? Tag.withdraw : 0;
  if (v === 28) tag |= Tag.vIs28;
  if (toIndex === undefined) tag |= Tag.rawTo;
  out.byte(tag);
  out.varint(from);
  if (toIndex !== undefined) out.varint(toIndex);
  else {
    out.raw(to);
    if (kind === TxKind.transfer) accounts.add(to);
  }
  writeRecordAmount(record, AMOUNT_OFFSET, out);
  writeRecordAmount(record, FEE_OFFSET, out);
  out.raw(record.subarray(SIGNATURE_OFFSET, SIGNATURE_OFFSET + 64));
}
