/**
 * The messages between the node and its batch writer thread. A SealedBatch travels as fresh
 * copies of its byte fields whose buffers are transferred, never cloned: a field may be a view
 * into a larger buffer (the WASM memory, a whole export), which structured cloning would copy whole.
 */
import { BatchHeader } from "../protocol/ssz-types.ts";
import type { SealedBatch } from "./sealed-batch.ts";
import type { StoreOptions } from "./store.ts";

export type WriterWorkerData = Omit<StoreOptions, "batchWriterThread">;

interface WireBatch {
  header: Uint8Array;
  root: Uint8Array;
  transactions: Uint8Array;
  hashes: Uint8Array;
  accountIndices: Uint32Array;
  accountRecords: Uint8Array;
  newAccountsFrom: number | undefined;
  withdrawals: Uint8Array;
  data: Uint8Array;
  sealedAt: number;
  committed: SealedBatch["committed"];
}

export type WriterRequest = { type: "write"; id: number; batch: WireBatch } | { type: "close" };
export type WriterReply = { type: "ready" } | { type: "written"; id: number } | { type: "failed"; id: number; message: string; code?: string | number };

const ACCOUNT_SIZE = 44;

export function toWire(id: number, batch: SealedBatch): { request: WriterRequest; transfer: ArrayBuffer[] } {
  const accountRecords = new Uint8Array(ACCOUNT_SIZE * batch.accounts.length);
  const accountIndices = new Uint32Array(batch.accounts.length);
  batch.accounts.forEach(({ index, record }, i) => {
    accountIndices[i] = index;
    accountRecords.set(record, i * ACCOUNT_SIZE);
  });
  const wire: WireBatch = {
    header: BatchHeader.serialize(batch.header),
    root: batch.root.slice(),
    transactions: batch.transactions.slice(),
    hashes: batch.hashes.slice(),
    accountIndices,
    accountRecords,
    newAccountsFrom: batch.newAccountsFrom,
    withdrawals: batch.withdrawals.slice(),
    data: batch.data.slice(),
    sealedAt: batch.sealedAt,
    committed: batch.committed,
  };
  const transfer = [wire.header, wire.root, wire.transactions, wire.hashes, accountIndices, accountRecords, wire.withdrawals, wire.data].map((bytes) => bytes.buffer as ArrayBuffer);
  return { request: { type: "write", id, batch: wire }, transfer };
}

export function fromWire(wire: WireBatch): SealedBatch {
  return {
    header: BatchHeader.deserialize(wire.header),
    root: wire.root,
    transactions: wire.transactions,
    hashes: wire.hashes,
    accounts: Array.from(wire.accountIndices, (index, i) => ({ index, record: wire.accountRecords.subarray(i * ACCOUNT_SIZE, (i + 1) * ACCOUNT_SIZE) })),
    ...(wire.newAccountsFrom === undefined ? {} : { newAccountsFrom: wire.newAccountsFrom }),
    withdrawals: wire.withdrawals,
    data: wire.data,
    sealedAt: wire.sealedAt,
    ...(wire.committed === undefined ? {} : { committed: wire.committed }),
  };
}
