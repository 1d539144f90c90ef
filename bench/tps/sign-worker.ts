/**
 * Worker thread: signs a slice of the planned workload with the load-test keys on native
 * libsecp256k1 and returns 146-byte SSZ records and their hashes (keccak256(digest ‖ from), spec §2).
 * A "bad signature" transaction is signed, then its v byte is set to 0 (never 27 or 28).
 */
import { parentPort, workerData } from "node:worker_threads";
import { addressOfKey, loadTestKey } from "../../sequencer/genesis/dev-keys.ts";
import { transactionDigest } from "../../sequencer/protocol/eip712.ts";
import { userTransactionHash } from "../../sequencer/protocol/transaction-hash.ts";
import { signDigest } from "../../sequencer/protocol/signature.ts";
import { Transaction, TRANSACTION_SIZE } from "../../sequencer/protocol/ssz-types.ts";
import { Expectation, type PlannedTx } from "./workload-plan.ts";

interface SignJob {
  separator: Uint8Array;
  plan: PlannedTx[];
}

const { separator, plan } = workerData as SignJob;
const keys = new Map<number, { key: Uint8Array; address: Uint8Array }>();
const account = (index: number) => {
  let found = keys.get(index);
  if (!found) {
    const key = loadTestKey(index);
    found = { key, address: addressOfKey(key) };
    keys.set(index, found);
  }
  return found;
};

const records = new Uint8Array(plan.length * TRANSACTION_SIZE);
const hashes = new Uint8Array(plan.length * 32);
plan.forEach((tx, i) => {
  const to = tx.toAccount >= 0 ? account(tx.toAccount).address : tx.freshTo!;
  const digest = transactionDigest(separator, { kind: tx.kind, to, amount: tx.amountWei, fee: tx.feeWei, nonce: tx.nonce });
  const signature = signDigest(digest, account(tx.sender).key);
  if (tx.expect === Expectation.badSignature) signature[64] = 0;
  const from = account(tx.sender).address;
  records.set(Transaction.serialize({ kind: tx.kind, from, to, amount: tx.amountWei, fee: tx.feeWei, nonce: tx.nonce, signature }), i * TRANSACTION_SIZE);
  hashes.set(userTransactionHash(digest, from), i * 32);
});
parentPort!.postMessage({ records, hashes }, [records.buffer, hashes.buffer]);
