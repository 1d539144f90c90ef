/**
 * JSON shapes of the node API (spec §4): quantities as 0x-hex, addresses and hashes 0x-hex,
 * exactly what loft_getBatch, loft_getTransaction and loft_getAccount return.
 */
import { getAddress, hexlify, toQuantity } from "ethers";
import { BatchHeader, Transaction, TxKind } from "../protocol/ssz-types.ts";
import type { BatchRecord } from "../store/sealed-batch.ts";

const TYPE_NAMES = { [TxKind.transfer]: "transfer", [TxKind.withdraw]: "withdraw", [TxKind.deposit]: "deposit", [TxKind.fullExit]: "fullExit" } as const;

export type TransactionStatus = "accepted" | "sealed" | "committed" | "finalized" | "rejected";

export function batchView(record: BatchRecord) {
  const header = BatchHeader.deserialize(new Uint8Array(record.header));
  return {
    number: toQuantity(header.number),
    root: hexlify(record.root),
    parentRoot: hexlify(header.parentRoot),
    stateRoot: hexlify(header.stateRoot),
    txRoot: hexlify(header.txRoot),
    exitRoot: hexlify(header.exitRoot),
    queueCount: toQuantity(header.queueCount),
    timestamp: toQuantity(header.timestamp),
    dataHash: hexlify(header.dataHash),
    status: record.status,
    txCount: toQuantity(record.txCount),
    ...(record.l1TxHash ? { l1TxHash: record.l1TxHash } : {}),
  };
}

export interface TransactionPlace {
  status: TransactionStatus;
  batch?: number;
  index?: number;
  error?: string;
}

export function transactionView(hash: Uint8Array, record: Uint8Array, place: TransactionPlace) {
  const tx = Transaction.deserialize(record);
  const type = TYPE_NAMES[tx.kind as keyof typeof TYPE_NAMES] ?? "unknown";
  const user = tx.kind === TxKind.transfer || tx.kind === TxKind.withdraw;
  return {
    hash: hexlify(hash),
    type,
    ...(user ? { from: getAddress(hexlify(tx.from)) } : {}),
    ...(tx.kind === TxKind.withdraw ? { recipient: getAddress(hexlify(tx.to)) } : { to: getAddress(hexlify(tx.to)) }),
    amount: toQuantity(tx.amount),
    fee: toQuantity(tx.fee),
    nonce: toQuantity(tx.nonce),
    status: place.status,
    ...(place.batch !== undefined ? { batch: toQuantity(place.batch), index: toQuantity(place.index ?? 0) } : {}),
    ...(place.error ? { error: place.error } : {}),
  };
}

export function accountView(address: Uint8Array, index: number | undefined, balance: bigint, nonce: number) {
  return { address: getAddress(hexlify(address)), index: index === undefined ? null : toQuantity(index), balance: toQuantity(balance), nonce: toQuantity(nonce) };
}
