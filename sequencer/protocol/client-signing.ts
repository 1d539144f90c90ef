/**
 * Signing helpers for clients and tests: build the `loft_sendTransaction` param object for a
 * transfer or withdraw, signed either through an ethers signer (`signTypedData`, what a wallet
 * or MetaMask does) or directly with a private key on native libsecp256k1 (load generators).
 */
import { getAddress, getBytes, hexlify, toQuantity, type Signer } from "ethers";
import { domainSeparator, LOFT_EIP712_TYPES, transactionDigest, type LoftDomain } from "./eip712.ts";
import { signDigest } from "./signature.ts";
import { TxKind } from "./ssz-types.ts";
import { userTransactionHash } from "./transaction-hash.ts";

export interface TransferRequest {
  type: "transfer";
  to: string;
  amount: bigint;
  fee: bigint;
  nonce: number;
}
export interface WithdrawRequest {
  type: "withdraw";
  recipient: string;
  amount: bigint;
  fee: bigint;
  nonce: number;
}
export type TransactionRequest = TransferRequest | WithdrawRequest;

/** The JSON object `loft_sendTransaction` takes as its one param. */
export type SendTransactionParam = Record<string, string>;

function typedMessage(request: TransactionRequest) {
  if (request.type === "transfer") {
    return { primaryType: "Transfer" as const, value: { to: request.to, amount: request.amount, fee: request.fee, nonce: request.nonce } };
  }
  return { primaryType: "Withdraw" as const, value: { recipient: request.recipient, amount: request.amount, fee: request.fee, nonce: request.nonce } };
}

function toParam(request: TransactionRequest, signature: string): SendTransactionParam {
  const param: SendTransactionParam = { type: request.type };
  if (request.type === "transfer") param.to = getAddress(request.to);
  else param.recipient = getAddress(request.recipient);
  return {
    ...param,
    amount: toQuantity(request.amount),
    fee: toQuantity(request.fee),
    nonce: toQuantity(request.nonce),
    signature,
  };
}

/** Signs as a wallet does (EIP-712 `signTypedData`); works with any ethers signer. */
export async function signWithWallet(signer: Pick<Signer, "signTypedData">, domain: LoftDomain, request: TransactionRequest): Promise<SendTransactionParam> {
  const { primaryType, value } = typedMessage(request);
  const types = { [primaryType]: [...LOFT_EIP712_TYPES[primaryType]] };
  const signature = await signer.signTypedData(domain, types, value);
  return toParam(request, signature);
}

function requestDigest(separator: Uint8Array, request: TransactionRequest): Uint8Array {
  const to = request.type === "transfer" ? request.to : request.recipient;
  return transactionDigest(separator, {
    kind: request.type === "transfer" ? TxKind.transfer : TxKind.withdraw,
    to: getBytes(getAddress(to)),
    amount: request.amount,
    fee: request.fee,
    nonce: request.nonce,
  });
}

/** Signs with a raw 32-byte private key on native libsecp256k1 (fast; for load tests). */
export function signWithKey(privateKey: Uint8Array, separator: Uint8Array, request: TransactionRequest): SendTransactionParam {
  return toParam(request, hexlify(signDigest(requestDigest(separator, request), privateKey)));
}

/**
 * The hash the node will answer for `request` signed by `from` (0x address): keccak256(digest ‖
 * from), spec §2 (v2). `domain` may be the domain or its precomputed separator.
 */
export function transactionHashOf(domain: LoftDomain | Uint8Array, request: TransactionRequest, from: string): string {
  const separator = domain instanceof Uint8Array ? domain : domainSeparator(domain);
  return hexlify(userTransactionHash(requestDigest(separator, request), getBytes(getAddress(from))));
}
