/** v2 transaction hashes, keccak256(digest ‖ from): no collision between senders, the same in node, store and client. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { hexlify, keccak256, TypedDataEncoder, Wallet, concat } from "ethers";
import { IntakeStatus } from "../../sequencer/node/intake-status.ts";
import { admitTransactions } from "../../sequencer/node/transaction-intake.ts";
import { transactionHashOf } from "../../sequencer/protocol/client-signing.ts";
import { LOFT_EIP712_TYPES, loftDomain } from "../../sequencer/protocol/eip712.ts";
import { TxKind } from "../../sequencer/protocol/ssz-types.ts";
import { transactionHash, userTransactionHashHex } from "../../sequencer/protocol/transaction-hash.ts";
import { Transaction } from "../../sequencer/protocol/ssz-types.ts";
import { recoverChunk } from "../../sequencer/signatures/recover-chunk.ts";
import { checkIdentity, StoreMismatchError } from "../../sequencer/store/store-identity.ts";
import { SCHEMA_VERSION } from "../../sequencer/store/buckets.ts";
import { addresses, ETH, keys, sealerHarness, separator, signed } from "../sealer/sealer-fixture.ts";

const domain = loftDomain(31337n, "0x5FbDB2315678afecb367f032d93F642f64180aa3");

test("attack: two senders who sign identical fields are both accepted and sealed, under different hashes", async () => {
  const h = await sealerHarness();
  try {
    const merchant = new Uint8Array(20).fill(0x4d);
    // identical (to, amount, fee, nonce): in v1 both had the same hash and the second was "already known"
    const [a, b] = [0, 1].map((k) => signed(k, TxKind.transfer, merchant, ETH, ETH / 1000n, 0));
    const recover = async (records: Uint8Array, count: number) => recoverChunk({ separator, hashing: h.core.hashing }, records, count);
    const result = await admitTransactions({ core: h.core, separator, mempool: h.mempool, recover }, Buffer.concat([a!.record, b!.record]), 2);
    assert.deepEqual([...result.statuses], [IntakeStatus.accepted, IntakeStatus.accepted]);
    const [hashA, hashB] = [0, 1].map((i) => hexlify(result.hashes.subarray(i * 32, i * 32 + 32)));
    assert.notEqual(hashA, hashB);

    for (const [i, hash] of [hashA, hashB].entries()) {
      const digest = TypedDataEncoder.hash(domain, { Transfer: [...LOFT_EIP712_TYPES.Transfer] }, { to: hexlify(merchant), amount: ETH, fee: ETH / 1000n, nonce: 0 });
      assert.equal(hash, keccak256(concat([digest, addresses[i]!])), "keccak256(digest ‖ from), as a client computes it");
      assert.equal(hash, userTransactionHashHex(digest, hexlify(addresses[i]!)));
      const request = { type: "transfer" as const, to: hexlify(merchant), amount: ETH, fee: ETH / 1000n, nonce: 0 };
      assert.equal(transactionHashOf(domain, request, new Wallet(hexlify(keys[i]!)).address), hash, "the client helper agrees");
      assert.equal(hexlify(transactionHash(separator, Transaction.deserialize(i === 0 ? a!.record : b!.record))), hash);
    }

    const event = await h.sealer.sealOnce();
    assert.equal(event?.included.length, 2);
    for (const [i, hash] of [hashA, hashB].entries()) {
      const stored = h.reader.transaction(Buffer.from(hash!.slice(2), "hex"));
      assert.ok(stored, `the store indexes ${hash}`);
      assert.equal(hexlify(Transaction.deserialize(stored.record).from), hexlify(addresses[i]!));
    }
  } finally {
    await h.close();
  }
});

test("error: a data dir written by a protocol v1 node (schema ≤ 2) is refused with a message that says so", () => {
  const identity = { chainId: 31337n, rollup: domain.verifyingContract, genesisRoot: "0x" + "11".repeat(32) };
  assert.ok(SCHEMA_VERSION > 2);
  assert.throws(() => checkIdentity({ ...identity, schemaVersion: 2 }, identity, SCHEMA_VERSION, "/data/loft"), (e: unknown) => {
    return e instanceof StoreMismatchError && /protocol v1 node/.test(e.message) && e.message.includes("/data/loft");
  });
  assert.doesNotThrow(() => checkIdentity({ ...identity, schemaVersion: SCHEMA_VERSION }, identity, SCHEMA_VERSION, "/data/loft"));
});
