/**
 * Building and signing a transfer or withdrawal (spec §2): the EIP-712 message of its primary
 * type alone (the node's loft_getDomain lists both types; ethers refuses "ambiguous primary
 * types" if given both), the `loft_sendTransaction` param, and the v2 transaction hash a client
 * computes itself: keccak256(EIP-712 digest ‖ from).
 */
import { concat, getAddress, keccak256, toQuantity, TypedDataEncoder, type TypedDataField } from "ethers";
import { LoftError } from "./errors.ts";
import type { TypedDataDomain } from "./signers.ts";

/** What every Loft transaction signs besides its recipient: wei amounts and the sender's nonce. */
interface SignedAmounts {
  amount: bigint;
  fee: bigint;
  nonce: number;
}
export interface TransferRequest extends SignedAmounts {
  type: "transfer";
  to: string;
}
/** Pays `recipient` on L1 once the withdrawal's batch is final. */
export interface WithdrawRequest extends SignedAmounts {
  type: "withdraw";
  recipient: string;
}
export type LoftTransactionRequest = TransferRequest | WithdrawRequest;

export const TRANSFER_FIELDS: TypedDataField[] = [
  { name: "to", type: "address" }, { name: "amount", type: "uint256" }, { name: "fee", type: "uint256" }, { name: "nonce", type: "uint64" },
];
export const WITHDRAW_FIELDS: TypedDataField[] = [
  { name: "recipient", type: "address" }, { name: "amount", type: "uint256" }, { name: "fee", type: "uint256" }, { name: "nonce", type: "uint64" },
];

const UINT128 = 2n ** 128n;

/** The typed data of one request: its primary type, that type alone, and the message. */
export function typedDataOf(request: LoftTransactionRequest): { primaryType: string; types: Record<string, TypedDataField[]>; message: Record<string, unknown> } {
  checkRequest(request);
  const { amount, fee, nonce } = request;
  if (request.type === "transfer") return { primaryType: "Transfer", types: { Transfer: TRANSFER_FIELDS }, message: { to: getAddress(request.to), amount, fee, nonce } };
  return { primaryType: "Withdraw", types: { Withdraw: WITHDRAW_FIELDS }, message: { recipient: getAddress(request.recipient), amount, fee, nonce } };
}

/** The v2 hash: keccak256(digest ‖ from), 52 bytes (spec §2). */
export function transactionHashOf(domain: TypedDataDomain, request: LoftTransactionRequest, from: string): string {
  const { types, message } = typedDataOf(request);
  return keccak256(concat([TypedDataEncoder.hash(domain, types, message), getAddress(from)]));
}

/** The one param of `loft_sendTransaction`. */
export function sendParamOf(request: LoftTransactionRequest, signature: string): Record<string, string> {
  const target: Record<string, string> = request.type === "transfer" ? { to: getAddress(request.to) } : { recipient: getAddress(request.recipient) };
  return { type: request.type, ...target, amount: toQuantity(request.amount), fee: toQuantity(request.fee), nonce: toQuantity(request.nonce), signature };
}

/** `value` as a checksummed address, or a BAD_ARGUMENT error naming `name`. */
export function addressArgument(value: string, name: string): string {
  try {
    return getAddress(value);
  } catch {
    throw new LoftError("BAD_ARGUMENT", `${name}: not an address (${String(value).slice(0, 50)})`);
  }
}

/** Refuses a request no node would accept (before anything is signed or sent). */
export function checkRequest(request: LoftTransactionRequest): void {
  const bad = (message: string) => new LoftError("BAD_ARGUMENT", message);
  const type: string = request.type;
  if (type !== "transfer" && type !== "withdraw") throw bad(`type must be "transfer" or "withdraw", got ${JSON.stringify(type)}`);
  for (const key of ["amount", "fee"] as const) {
    if (typeof request[key] !== "bigint" || request[key] < 0n || request[key] >= UINT128) throw bad(`${key} must be a bigint wei amount in [0, 2^128), got ${String(request[key])}`);
  }
  if (request.amount + request.fee >= UINT128) throw bad("amount + fee must stay below 2^128");
  if (!Number.isSafeInteger(request.nonce) || request.nonce < 0) throw bad(`nonce must be a non-negative integer, got ${request.nonce}`);
  const name = request.type === "transfer" ? "to" : "recipient";
  if (addressArgument(request.type === "transfer" ? request.to : request.recipient, name) === "0x0000000000000000000000000000000000000000") throw bad(`${name} is the zero address`);
}
