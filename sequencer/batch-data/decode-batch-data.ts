/**
 * Decodes posted batch data back into the batch's user transactions (146-byte SSZ records),
 * given the state before the batch. Any malformation, arbitrary bytes included, is a
 * BatchDataError naming the problem; decompression is bounded (no brotli bomb).
 *
 * Each record's fields are written straight into one output buffer at their SSZ offsets (the
 * follower decodes every transaction of L1's history on its main thread: per-record objects, SSZ
 * serialization and bigints cost more than everything else it does per transaction).
 */
import { brotliDecompressSync } from "node:zlib";
import { TRANSACTION_SIZE, TxKind } from "../protocol/ssz-types.ts";
import { AMOUNT_OFFSET, FEE_OFFSET, KIND_OFFSET, NONCE_OFFSET, SIGNATURE_OFFSET, TO_OFFSET } from "../signatures/record-layout.ts";
import { AddressRefs } from "./address-refs.ts";
import { BatchDataError } from "./batch-data-error.ts";
import { ByteReader } from "./byte-reader.ts";
import { amountLabels, readAmountInto } from "./compact-amount.ts";
import { BATCH_DATA_VERSION, MAX_BODY_BYTES, MAX_TRANSACTIONS, Tag } from "./format.ts";

export interface DecodeContext {
  /** Accounts in the state before the batch. */
  accountCount: number;
  /** The account's address; read at once, so the context may hand out a reused buffer. */
  addressAt(index: number): Uint8Array;
  nonceAt(index: number): number;
  indexOf(address: Uint8Array): number | undefined;
}

const FROM_OFFSET = KIND_OFFSET + 1;
const ADDRESS_SIZE = 20;
const MAX_REFERENCE = 2 ** 32 + MAX_TRANSACTIONS * 2;
const AMOUNT = amountLabels("amount");
const FEE = amountLabels("fee");
const SENDER = { what: "sender", reference: "sender reference" };
const RECIPIENT = { what: "recipient", reference: "recipient reference" };
type AddressLabels = typeof SENDER;

export function decompressBatchData(posted: Uint8Array): Uint8Array {
  if (posted.length === 0) throw new BatchDataError("empty data", 0);
  if (posted[0] !== BATCH_DATA_VERSION) throw new BatchDataError(`unknown batch data version ${posted[0]}`, 0);
  try {
    return new Uint8Array(brotliDecompressSync(posted.subarray(1), { maxOutputLength: MAX_BODY_BYTES }));
  } catch (error) {
    throw new BatchDataError(`brotli: ${(error as Error).message}`, 1);
  }
}

export function decodeBatchData(posted: Uint8Array, state: DecodeContext): Uint8Array {
  return decodeBody(decompressBatchData(posted), state);
}

export function decodeBody(body: Uint8Array, state: DecodeContext): Uint8Array {
  const input = new ByteReader(body);
  const base = input.count("base account count", 2 ** 32);
  if (base !== state.accountCount) throw new BatchDataError(`base account count ${base}, but the state has ${state.accountCount} accounts`, 0);
  const count = input.count("transaction count", MAX_TRANSACTIONS);
  const refs = new AddressRefs(base);
  const nonces = new Map<number, number>();
  const out = new Uint8Array(count * TRANSACTION_SIZE);
  const view = new DataView(out.buffer);

  /** Writes the address (20 raw bytes or a reference) at out[at]; returns its reference. */
  const address = (isNew: boolean, labels: AddressLabels, at: number): number => {
    const start = input.offset;
    if (isNew) {
      input.rawInto(ADDRESS_SIZE, labels.what, out, at);
      const written = out.subarray(at, at + ADDRESS_SIZE); // out is final: the dictionary can keep this view
      if (state.indexOf(written) !== undefined || refs.newRef(written) !== undefined) throw new BatchDataError(`${labels.what} is written in full but already has a reference`, start);
      return refs.add(written);
    }
    const ref = input.count(labels.reference, MAX_REFERENCE);
    const known = ref < base ? state.addressAt(ref) : refs.addressOf(ref);
    if (!known) throw new BatchDataError(`${labels.what} reference ${ref} points to no account`, start);
    out.set(known.subarray(0, ADDRESS_SIZE), at);
    return ref;
  };

  for (let i = 0, at = 0; i < count; i++, at += TRANSACTION_SIZE) {
    const start = input.offset;
    const tag = input.byte("tag");
    if (tag & Tag.reserved) throw new BatchDataError(`tag ${tag} sets reserved bits`, start);
    const withdraw = (tag & Tag.withdraw) !== 0;
    if (withdraw && tag & Tag.newTo) throw new BatchDataError("a withdrawal's recipient is always written in full; the new-address bit must be clear", start);
    out[at + KIND_OFFSET] = withdraw ? TxKind.withdraw : TxKind.transfer;
    const from = address((tag & Tag.newFrom) !== 0, SENDER, at + FROM_OFFSET);
    const nonce = nonces.get(from) ?? (from < base ? state.nonceAt(from) : 0);
    nonces.set(from, nonce + 1);
    if (withdraw) input.rawInto(ADDRESS_SIZE, RECIPIENT.what, out, at + TO_OFFSET);
    else address((tag & Tag.newTo) !== 0, RECIPIENT, at + TO_OFFSET);
    readAmountInto(input, AMOUNT, view, at + AMOUNT_OFFSET);
    readAmountInto(input, FEE, view, at + FEE_OFFSET);
    input.rawInto(64, "signature", out, at + SIGNATURE_OFFSET);
    out[at + SIGNATURE_OFFSET + 64] = tag & Tag.vIs28 ? 28 : 27;
    view.setUint32(at + NONCE_OFFSET, nonce % 2 ** 32, true); // uint64 LE from a safe integer
    view.setUint32(at + NONCE_OFFSET + 4, Math.floor(nonce / 2 ** 32), true);
  }
  if (input.remaining !== 0) throw new BatchDataError(`${input.remaining} bytes after the last transaction`, input.offset);
  return out;
}
