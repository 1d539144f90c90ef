/**
 * Decodes posted batch data back into the batch's user transactions (146-byte SSZ records),
 * given the state before the batch. Any malformation, arbitrary bytes included, is a
 * BatchDataError naming the problem; decompression is bounded (no brotli bomb).
 */
import { brotliDecompressSync } from "node:zlib";
import { Transaction, TRANSACTION_SIZE, TxKind } from "../protocol/ssz-types.ts";
import { AddressRefs } from "./address-refs.ts";
import { BatchDataError } from "./batch-data-error.ts";
import { ByteReader } from "./byte-reader.ts";
import { readAmount } from "./compact-amount.ts";
import { BATCH_DATA_VERSION, MAX_BODY_BYTES, MAX_TRANSACTIONS, Tag } from "./format.ts";

export interface DecodeContext {
  /** Accounts in the state before the batch. */
  accountCount: number;
  addressAt(index: number): Uint8Array;
  nonceAt(index: number): number;
  indexOf(address: Uint8Array): number | undefined;
}

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
  const signature = new Uint8Array(65);

  const address = (isNew: boolean, what: string): { ref: number; address: Uint8Array } => {
    const start = input.offset;
    if (isNew) {
      const raw = input.raw(20, what).slice();
      if (state.indexOf(raw) !== undefined || refs.newRef(raw) !== undefined) throw new BatchDataError(`${what} is written in full but already has a reference`, start);
      return { ref: refs.add(raw), address: raw };
    }
    const ref = input.count(`${what} reference`, 2 ** 32 + MAX_TRANSACTIONS * 2);
    const known = ref < base ? state.addressAt(ref) : refs.addressOf(ref);
    if (!known) throw new BatchDataError(`${what} reference ${ref} points to no account`, start);
    return { ref, address: known };
  };

  for (let i = 0; i < count; i++) {
    const start = input.offset;
    const tag = input.byte("tag");
    if (tag & Tag.reserved) throw new BatchDataError(`tag ${tag} sets reserved bits`, start);
    const kind = tag & Tag.withdraw ? TxKind.withdraw : TxKind.transfer;
    if (kind === TxKind.withdraw && tag & Tag.newTo) throw new BatchDataError("a withdrawal's recipient is always written in full; the new-address bit must be clear", start);
    const from = address((tag & Tag.newFrom) !== 0, "sender");
    const to = kind === TxKind.withdraw ? input.raw(20, "recipient").slice() : address((tag & Tag.newTo) !== 0, "recipient").address;
    const amount = readAmount(input, "amount");
    const fee = readAmount(input, "fee");
    signature.set(input.raw(64, "signature"), 0);
    signature[64] = tag & Tag.vIs28 ? 28 : 27;
    const previous = nonces.get(from.ref) ?? (from.ref < base ? state.nonceAt(from.ref) : 0);
    nonces.set(from.ref, previous + 1);
    const record = Transaction.serialize({ kind, from: from.address, to, amount, fee, nonce: previous, signature });
    out.set(record, i * TRANSACTION_SIZE);
  }
  if (input.remaining !== 0) throw new BatchDataError(`${input.remaining} bytes after the last transaction`, input.offset);
  return out;
}
