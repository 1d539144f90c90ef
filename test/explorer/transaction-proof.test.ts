/**
 * TransactionProofs (WASM hashing) against an independent computation: @chainsafe/ssz leaves, the
 * node-crypto list branch and the txRoot @chainsafe/ssz gives the whole list, for batch sizes
 * that exercise odd levels and both ends.
 */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { hexlify } from "ethers";
import { ListCompositeType } from "@chainsafe/ssz";
import { loadCore, type LoftCore } from "../../sequencer/core/index.ts";
import { TransactionProofs } from "../../sequencer/explorer/transaction-proof.ts";
import { listBranch } from "../../sequencer/node/withdrawal-claims.ts";
import { BatchHeader, Transaction } from "../../sequencer/protocol/ssz-types.ts";
import type { BatchRecord } from "../../sequencer/store/sealed-batch.ts";
import type { StoredTransaction } from "../../sequencer/store/store-reader.ts";
import { listRootFromProof } from "./merkle-check.ts";

const TxList = new ListCompositeType(Transaction, 2 ** 16);
let core: LoftCore;
before(async () => {
  core = await loadCore();
});

function randomTransaction() {
  return { kind: 0, from: randomBytes(20), to: randomBytes(20), amount: BigInt(`0x${randomBytes(15).toString("hex")}`), fee: 7n, nonce: 3, signature: randomBytes(65) };
}

/** A one-batch store holding `count` random transactions, and their SSZ values. */
function fakeBatch(count: number) {
  const values = Array.from({ length: count }, randomTransaction);
  const header = BatchHeader.defaultValue();
  header.number = 1;
  header.txRoot = TxList.hashTreeRoot(values);
  const record = { number: 1, header: BatchHeader.serialize(header), txCount: count } as BatchRecord;
  const stored: StoredTransaction[] = values.map((v, index) => ({ hash: new Uint8Array(32), record: Transaction.serialize(v), batch: 1, index }));
  const reader = {
    batch: (n: number) => (n === 1 ? record : undefined),
    batchTransactions: (n: number, offset: number, limit: number) => (n === 1 ? stored.slice(offset, offset + limit) : []),
  };
  return { values, header, reader };
}

test("default: leaf and branch equal @chainsafe/ssz's and fold to the batch's txRoot", () => {
  for (const count of [1, 2, 3, 5, 8, 33, 257]) {
    const { values, header, reader } = fakeBatch(count);
    const proofs = new TransactionProofs(reader, core);
    const leaves = values.map((v) => Transaction.hashTreeRoot(v));
    for (const index of new Set([0, count - 1, count >> 1])) {
      const proof = proofs.proof(1, index)!;
      assert.equal(proof.txRoot, hexlify(header.txRoot));
      assert.equal(proof.leaf, hexlify(leaves[index]!), `count ${count} index ${index}`);
      assert.deepEqual(proof.branch, listBranch(leaves, index, 16).map((n) => hexlify(n)), `count ${count} index ${index}`);
      assert.equal(listRootFromProof(proof.leaf, proof.branch, index, proof.length), proof.txRoot);
    }
  }
});

test("error: no proof for an index beyond the batch or an unknown batch", () => {
  const { reader } = fakeBatch(3);
  const proofs = new TransactionProofs(reader, core);
  assert.equal(proofs.proof(1, 3), undefined);
  assert.equal(proofs.proof(2, 0), undefined);
});
