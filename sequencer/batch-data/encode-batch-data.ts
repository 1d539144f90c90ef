/**
 * Encodes a batch's user transactions into the posted batch data (format.ts): account references
 * instead of addresses where known, compact amounts, implied nonces, 64-byte r‖s with v in the
 * tag, then brotli at an explicit quality.
 */
import { brotliCompressSync, constants } from "node:zlib";
import { TRANSACTION_SIZE, TxKind } from "../protocol/ssz-types.ts";
import { AddressRefs } from "./address-refs.ts";
import { ByteWriter } from "./byte-writer.ts";
import { writeAmount } from "./compact-amount.ts";
import { BATCH_DATA_VERSION, BROTLI_QUALITY, MAX_TRANSACTIONS, Tag } from "./format.ts";

export interface EncodeContext {
  /** Number of accounts in the state before the batch (after the previous batch). */
  baseAccountCount: number;
  /** Index of an address in the current state; indices ≥ baseAccountCount count as new. */
  indexOf(address: Uint8Array): number | undefined;
}

const readUint128 = (record: Uint8Array, offset: number) => {
  let value = 0n;
  for (let i = offset + 15; i >= offset; i--) value = (value << 8n) | BigInt(record[i]!);
  return value;
};

/** The uncompressed body. `transactions` are 146-byte SSZ records of kinds transfer/withdraw. */
export function encodeBody(transactions: Uint8Array, context: EncodeContext): Uint8Array {
  return encodeBodyPrefix(transactions, context, Number.POSITIVE_INFINITY).body;
}

/**
 * The body of the longest prefix of `transactions` whose body fits `maxBodyBytes`, in one pass
 * (a prefix encodes exactly as it would alone: references only look back).
 */
export function encodeBodyPrefix(transactions: Uint8Array, context: EncodeContext, maxBodyBytes: number): { body: Uint8Array; count: number } {
  const total = transactions.length / TRANSACTION_SIZE;
  if (!Number.isInteger(total) || total > MAX_TRANSACTIONS) throw new Error(`expected up to ${MAX_TRANSACTIONS} 146-byte records, got ${transactions.length} bytes`);
  const out = new ByteWriter();
  const refs = new AddressRefs(context.baseAccountCount);
  const reference = (address: Uint8Array): number | undefined => {
    const index = context.indexOf(address);
    return index !== undefined && index < refs.base ? index : refs.newRef(address);
  };
  const baseLength = varintLength(context.baseAccountCount);
  let count = 0;
  for (let i = 0; i < total; i++) {
    const before = out.size;
    writeTransaction(out, refs, reference, transactions.subarray(i * TRANSACTION_SIZE, (i + 1) * TRANSACTION_SIZE), i);
    if (baseLength + varintLength(i + 1) + out.size > maxBodyBytes) {
      out.truncate(before);
      break;
    }
    count = i + 1;
  }
  const head = new ByteWriter();
  head.varint(context.baseAccountCount);
  head.varint(count);
  const headBytes = head.result();
  const body = new Uint8Array(headBytes.length + out.size);
  body.set(headBytes);
  body.set(out.view(), headBytes.length);
  return { body, count };
}

/** Bytes of the unsigned LEB128 of a non-negative safe integer. */
function varintLength(value: number): number {
  let length = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    length++;
  }
  return length;
}

function writeTransaction(out: ByteWriter, refs: AddressRefs, reference: (address: Uint8Array) => number | undefined, tx: Uint8Array, i: number): void {
  const kind = tx[0]!;
  if (kind !== TxKind.transfer && kind !== TxKind.withdraw) throw new Error(`record ${i} is kind ${kind}: only transfers and withdrawals are batch data`);
  const from = tx.subarray(1, 21);
  const to = tx.subarray(21, 41);
  const v = tx[81 + 64]!;
  const fromRef = reference(from);
  let tag = kind === TxKind.withdraw ? Tag.withdraw : 0;
  if (v === 28) tag |= Tag.vIs28;
  if (fromRef === undefined) tag |= Tag.newFrom;
  // the sender is resolved (and a new one added) before the recipient, as the decoder does
  if (fromRef === undefined) refs.add(from);
  const toRef = kind === TxKind.transfer ? reference(to) : undefined;
  if (kind === TxKind.transfer && toRef === undefined) tag |= Tag.newTo;
  out.byte(tag);
  if (fromRef === undefined) out.raw(from);
  else out.varint(fromRef);
  if (kind === TxKind.withdraw) out.raw(to);
  else if (toRef === undefined) {
    out.raw(to);
    refs.add(to);
  } else out.varint(toRef);
  writeAmount(out, readUint128(tx, 41));
  writeAmount(out, readUint128(tx, 57));
  out.raw(tx.subarray(81, 81 + 64));
}

/** The bytes posted to L1 as the batch's data (their keccak-256 is the header's dataHash). */
export function encodeBatchData(transactions: Uint8Array, context: EncodeContext, quality = BROTLI_QUALITY): Uint8Array {
  return compressBody(encodeBody(transactions, context), quality);
}

/** The posted bytes of an already encoded body (encodeBodyPrefix's, when the sealer can reuse it). */
export function compressBody(body: Uint8Array, quality = BROTLI_QUALITY): Uint8Array {
  const compressed = brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  });
  const out = new Uint8Array(1 + compressed.length);
  out[0] = BATCH_DATA_VERSION;
  out.set(compressed, 1);
  return out;
}
