/** Signed transfer/withdraw records (146-byte SSZ Transactions, `from` zero) for the signature tests and bench. */
import { getBytes, hexlify, Wallet } from "ethers";
import { signWithKey, type TransactionRequest } from "../../sequencer/protocol/client-signing.ts";
import { domainSeparator, loftDomain } from "../../sequencer/protocol/eip712.ts";
import { Transaction, TRANSACTION_SIZE, TxKind } from "../../sequencer/protocol/ssz-types.ts";
import { loadCore } from "../../sequencer/core/index.ts";
import type { RecoveryContext } from "../../sequencer/signatures/chunk-digests.ts";

export const domain = loftDomain(31337n, "0x5FbDB2315678afecb367f032d93F642f64180aa3");
export const separator = domainSeparator(domain);

/** The separator and a fresh WASM core's hashing, as a worker has them. */
export async function recoveryContext(): Promise<RecoveryContext> {
  return { separator, hashing: (await loadCore()).hashing };
}

export interface SignedBatch {
  records: Uint8Array;
  requests: TransactionRequest[];
  signatures: string[];
  /** Checksummed address of the key that signed each record. */
  signers: string[];
}

/** A deterministic 32-byte private key (never zero, below the curve order). */
export function testKey(index: number): Uint8Array {
  const key = new Uint8Array(32);
  key[0] = 0x11;
  new DataView(key.buffer).setUint32(28, index + 1);
  return key;
}

export function requestAt(i: number): TransactionRequest {
  const to = hexlify(testKey(1000 + i).subarray(12));
  const amount = BigInt(i) * 1_000_000_007n + (i % 3 === 0 ? (1n << 127n) : 0n);
  const fee = BigInt(i % 5) * 21_000n;
  return i % 4 === 3 ? { type: "withdraw", recipient: to, amount, fee, nonce: i } : { type: "transfer", to, amount, fee, nonce: i * 7 };
}

export function encodeRecord(request: TransactionRequest, signature: string): Uint8Array {
  const isTransfer = request.type === "transfer";
  return Transaction.serialize({
    kind: isTransfer ? TxKind.transfer : TxKind.withdraw,
    from: new Uint8Array(20),
    to: getBytes(isTransfer ? request.to : request.recipient),
    amount: request.amount,
    fee: request.fee,
    nonce: request.nonce,
    signature: getBytes(signature),
  });
}

/** `count` records signed by `keys` distinct keys in turn, with native signing (fast). */
export function signedBatch(count: number, keys = 8): SignedBatch {
  const wallets = Array.from({ length: keys }, (_, k) => new Wallet(hexlify(testKey(k))));
  const batch: SignedBatch = { records: new Uint8Array(count * TRANSACTION_SIZE), requests: [], signatures: [], signers: [] };
  for (let i = 0; i < count; i++) {
    const wallet = wallets[i % keys]!;
    const request = requestAt(i);
    const signature = signWithKey(getBytes(wallet.privateKey), separator, request).signature!;
    batch.records.set(encodeRecord(request, signature), i * TRANSACTION_SIZE);
    batch.requests.push(request);
    batch.signatures.push(signature);
    batch.signers.push(wallet.address);
  }
  return batch;
}
