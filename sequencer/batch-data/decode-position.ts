/**
 * Decodes one position of a chunk (docs/fraud-proofs.md §2) straight into its 146-byte SSZ record:
 * a queue entry against its L1 message, or a user record. Every field is read first and the
 * accounts it names are checked after, in the order the fraud-proof contract checks them, so the
 * same bytes give the same kind here and on L1.
 */
import { TxKind } from "../protocol/ssz-types.ts";
import { AMOUNT_OFFSET, FEE_OFFSET, NONCE_OFFSET, SIGNATURE_OFFSET, TO_OFFSET } from "../signatures/record-layout.ts";
import type { AccountsAtPoint } from "./accounts-at-point.ts";
import { BatchDataError } from "./batch-data-error.ts";
import type { ByteReader } from "./byte-reader.ts";
import { amountLabels, readAmountInto } from "./compact-amount.ts";
import { MAX_INDEX, Tag } from "./format.ts";

const FROM_OFFSET = 1;
const ADDRESS_SIZE = 20;
const AMOUNT = amountLabels("amount");
const FEE = amountLabels("fee");
const WITHDRAWN = amountLabels("full exit amount");

const hexlify = (address: Uint8Array) => `0x${Buffer.from(address.buffer, address.byteOffset, ADDRESS_SIZE).toString("hex")}`;
const unknownAccount = (what: string, index: number, offset: number, count: number) =>
  new BatchDataError(`${what} index ${index} is no account at this point (${count} exist)`, offset, "UnknownAccount");

/**
 * Queue entry `varint ref` (‖ amount for a full exit with ref ≠ 0) of L1 message `message`, written
 * to out[at] as the message with a full exit's amount as posted.
 */
export function decodeQueueEntry(input: ByteReader, accounts: AccountsAtPoint, message: Uint8Array, out: Uint8Array, view: DataView, at: number): void {
  out.set(message, at);
  const deposit = message[0] === TxKind.deposit;
  const refAt = input.offset;
  const ref = input.count(deposit ? "deposit ref" : "full exit ref", MAX_INDEX);
  if (!deposit && ref !== 0) readAmountInto(input, WITHDRAWN, view, at + AMOUNT_OFFSET);
  const address = out.subarray(at + TO_OFFSET, at + TO_OFFSET + ADDRESS_SIZE);
  const existing = accounts.indexOf(address);
  if (ref === 0) {
    if (existing !== undefined) throw new BatchDataError(`ref 0 says ${hexlify(address)} has no account, but it is account ${existing}`, refAt, "QueueMismatch");
    if (deposit) accounts.create(address);
    return;
  }
  if (ref - 1 >= accounts.count) throw unknownAccount(deposit ? "deposit ref's" : "full exit ref's", ref - 1, refAt, accounts.count);
  if (existing !== ref - 1) throw new BatchDataError(`ref ${ref} names account ${ref - 1}, whose address is not the message's ${hexlify(address)}`, refAt, "QueueMismatch");
}

/** A user record `tag ‖ from ‖ to ‖ amount ‖ fee ‖ r ‖ s`, written to out[at] with its implied nonce. */
export function decodeRecord(input: ByteReader, accounts: AccountsAtPoint, out: Uint8Array, view: DataView, at: number): void {
  const start = input.offset;
  const tag = input.byte("tag");
  if (tag & Tag.reserved) throw new BatchDataError(`tag ${tag} sets reserved bits`, start);
  const withdraw = (tag & Tag.withdraw) !== 0;
  const rawTo = (tag & Tag.rawTo) !== 0;
  if (withdraw && !rawTo) throw new BatchDataError("a withdrawal's recipient is always 20 raw bytes: tag bit 2 must be set", start);
  const fromAt = input.offset;
  const from = input.count("sender index", MAX_INDEX);
  const toAt = input.offset;
  const to = rawTo ? -1 : input.count("recipient index", MAX_INDEX);
  if (rawTo) input.rawInto(ADDRESS_SIZE, "recipient", out, at + TO_OFFSET);
  readAmountInto(input, AMOUNT, view, at + AMOUNT_OFFSET);
  readAmountInto(input, FEE, view, at + FEE_OFFSET);
  input.rawInto(64, "signature", out, at + SIGNATURE_OFFSET);

  if (from >= accounts.count) throw unknownAccount("sender", from, fromAt, accounts.count);
  if (!rawTo) {
    if (to >= accounts.count) throw unknownAccount("recipient", to, toAt, accounts.count);
    accounts.copyAddress(to, out, at + TO_OFFSET);
  } else if (!withdraw) {
    const address = out.subarray(at + TO_OFFSET, at + TO_OFFSET + ADDRESS_SIZE); // out is final: the view can be kept
    const existing = accounts.indexOf(address);
    if (existing !== undefined) throw new BatchDataError(`recipient ${hexlify(address)} is written raw, but it is account ${existing}`, toAt, "DuplicateAccount");
    accounts.create(address);
  }
  accounts.copyAddress(from, out, at + FROM_OFFSET);
  out[at] = withdraw ? TxKind.withdraw : TxKind.transfer;
  out[at + SIGNATURE_OFFSET + 64] = tag & Tag.vIs28 ? 28 : 27;
  const nonce = accounts.nextNonce(from);
  view.setUint32(at + NONCE_OFFSET, nonce % 2 ** 32, true); // uint64 LE from a safe integer
  view.setUint32(at + NONCE_OFFSET + 4, Math.floor(nonce / 2 ** 32), true);
}
