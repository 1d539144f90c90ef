import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type Store } from "../../sequencer/store/store.ts";
import { StoreMismatchError } from "../../sequencer/store/store-identity.ts";
import { writeSealedBatch } from "../../sequencer/store/batch-writer.ts";
import { StoreReader } from "../../sequencer/store/store-reader.ts";
import { setBatchStatus } from "../../sequencer/store/batch-status.ts";
import { Account, BatchHeader, Transaction, Withdrawal, ACCOUNT_SIZE } from "../../sequencer/protocol/ssz-types.ts";
import { addressOf, bytesOf, identity, makeBatch, withStore } from "./fixtures.ts";


test("default: a sealed batch reads back whole", async () => {
  await withStore(async (store) => {
    const reader = new StoreReader(store);
    assert.equal(reader.latestSealed(), undefined);
    const batch = makeBatch(1, 4);
    await writeSealedBatch(store, batch);
    assert.equal(reader.latestSealed(), 1);
    const record = reader.batch(1)!;
    assert.deepEqual(new Uint8Array(record.header), BatchHeader.serialize(batch.header));
    assert.deepEqual(new Uint8Array(record.root), batch.root);
    assert.deepEqual([record.txCount, record.withdrawalCount, record.status], [4, 1, "sealed"]);
    const txs = reader.batchTransactions(1, 0, 10);
    assert.equal(txs.length, 4);
    for (const [i, tx] of txs.entries()) {
      assert.deepEqual(new Uint8Array(tx.hash), batch.hashes.subarray(i * 32, i * 32 + 32));
      assert.deepEqual(Transaction.deserialize(tx.record).nonce, i);
      const found = reader.transaction(tx.hash)!;
      assert.deepEqual([found.batch, found.index], [1, i]);
    }
    assert.deepEqual(reader.batchTransactions(1, 3, 10).map((t) => t.index), [3]);
    assert.equal(reader.transaction(bytesOf("unknown", 32)), undefined);
    assert.equal(reader.accountIndex(addressOf(1)), 1);
    assert.deepEqual(new Uint8Array(Account.deserialize(reader.account(1)!).address), addressOf(1));
    assert.equal(reader.accountCount(), 2);
    assert.equal(reader.allAccounts().length, 2 * ACCOUNT_SIZE);
    const exits = reader.withdrawalsTo(addressOf(1001), 10);
    assert.deepEqual(exits.map((e) => [e.batch, e.index, Withdrawal.deserialize(e.record).amount]), [[1, 0, 4n]]);
    assert.equal(reader.batchWithdrawals(1).length, 1);
  });
});

test("behavior: address history is newest first and covers sender and recipient", async () => {
  await withStore(async (store) => {
    for (let n = 1; n <= 3; n++) await writeSealedBatch(store, makeBatch(n, 3));
    const reader = new StoreReader(store);
    // address 1 received in batch 1 (txs 0, 1) and sent in batch 2 (txs 0, 1, 2)
    assert.deepEqual(reader.addressHistory(addressOf(1), 10).map((h) => [h.batch, h.index]), [[2, 2], [2, 1], [2, 0], [1, 1], [1, 0]]);
    assert.deepEqual(reader.addressHistory(addressOf(1), 2).map((h) => [h.batch, h.index]), [[2, 2], [2, 1]]);
    assert.deepEqual(reader.addressHistory(addressOf(999), 10), []);
  });
});

test("error: a write that throws midway leaves nothing of itself on disk", async () => {
  await withStore(async (store) => {
    await assert.rejects(store.writeDurably(() => {
      store.buckets.meta.put("partial", 1);
      throw new Error("injected");
    }), /injected/);
    assert.equal(store.buckets.meta.get("partial"), undefined);
    const put = store.buckets.meta.put.bind(store.buckets.meta);
    store.buckets.meta.put = ((key: unknown, value: unknown) => {
      if (key === "latestSealed") throw new Error("injected at the batch's last put");
      return put(key, value);
    }) as typeof store.buckets.meta.put;
    await assert.rejects(writeSealedBatch(store, makeBatch(1, 3)), /injected at the batch's last put/);
    store.buckets.meta.put = put as typeof store.buckets.meta.put;
    const reader = new StoreReader(store);
    assert.deepEqual([reader.batch(1), reader.batchTransactions(1, 0, 10), reader.transaction(makeBatch(1, 3).hashes.subarray(0, 32)), reader.account(1)], [undefined, [], undefined, undefined]);
  });
});

test("behavior: batches page newest first below a bound", async () => {
  await withStore(async (store) => {
    for (let n = 1; n <= 5; n++) await writeSealedBatch(store, makeBatch(n, 1));
    const reader = new StoreReader(store);
    assert.deepEqual(reader.batchesBefore(6, 2).map((b) => b.number), [5, 4]);
    assert.deepEqual(reader.batchesBefore(4, 10).map((b) => b.number), [3, 2, 1]);
    assert.deepEqual(reader.batchesBefore(1, 10), []);
  });
});

test("behavior: status moves forward durably and never back", async () => {
  await withStore(async (store) => {
    await writeSealedBatch(store, makeBatch(1, 1));
    const committed = await setBatchStatus(store, 1, { status: "committed", l1TxHash: "0xab", at: 5 });
    assert.deepEqual([committed.status, committed.l1TxHash, committed.committedAt], ["committed", "0xab", 5]);
    await setBatchStatus(store, 1, { status: "finalized", at: 6 });
    await assert.rejects(setBatchStatus(store, 1, { status: "committed", at: 7 }), /finalized; it cannot go back to committed/);
    await assert.rejects(setBatchStatus(store, 9, { status: "committed", at: 7 }), /batch 9 is not stored/);
    assert.equal(new StoreReader(store).batch(1)!.status, "finalized");
  });
});

test("error: a data dir of another rollup, chain, genesis or schema is refused", async () => {
  const dir = mkdtempSync(join(tmpdir(), "loft-store-"));
  try {
    await (await openStore({ dir, identity })).close();
    for (const other of [
      { ...identity, chainId: 1n },
      { ...identity, rollup: "0x0000000000000000000000000000000000000001" },
      { ...identity, genesisRoot: `0x${"22".repeat(32)}` },
    ]) {
      await assert.rejects(openStore({ dir, identity: other }), (e: unknown) => e instanceof StoreMismatchError && e.message.includes(dir));
    }
    await (await openStore({ dir, identity: { ...identity, rollup: identity.rollup.toLowerCase() } })).close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("behavior: genesis accounts are written once; a different genesis size is refused", async () => {
  await withStore(async (store) => {
    const { writeGenesisIfNew } = await import("../../sequencer/store/genesis-writer.ts");
    const records = new Uint8Array(3 * ACCOUNT_SIZE).map((_, i) => i % 251);
    assert.equal(await writeGenesisIfNew(store, records), true);
    assert.equal(await writeGenesisIfNew(store, records), false);
    await assert.rejects(writeGenesisIfNew(store, records.subarray(0, 2 * ACCOUNT_SIZE)), /created with 3 genesis accounts, not 2/);
    const reader = new StoreReader(store);
    assert.deepEqual(new Uint8Array(reader.allAccounts()), records);
    assert.equal(reader.accountIndex(records.subarray(ACCOUNT_SIZE, ACCOUNT_SIZE + 20)), 1);
  });
});

test("behavior: a data dir whose name has a dot is still a directory", async () => {
  const dir = join(mkdtempSync(join(tmpdir(), "loft-store-")), "data.v1");
  try {
    const store = await openStore({ dir, identity });
    await writeSealedBatch(store, makeBatch(1, 1));
    await store.close();
    const again = await openStore({ dir, identity });
    assert.equal(new StoreReader(again).latestSealed(), 1);
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("behavior: history and location keys sort by batch then index, and read back, up to 2^53 − 1", async () => {
  const { historyKey, locationBytes, readHistoryKey, readLocation } = await import("../../sequencer/store/keys.ts");
  const address = addressOf(7);
  const points = [[0, 0], [1, 5], [255, 2 ** 32 - 1], [2 ** 32 - 1, 1], [2 ** 32, 0], [2 ** 40 + 3, 9], [Number.MAX_SAFE_INTEGER, 2 ** 31]] as const;
  for (const [batch, index] of points) {
    assert.deepEqual(readHistoryKey(historyKey(address, batch, index)), { batch, index });
    assert.deepEqual(readLocation(locationBytes(batch, index)), { batch, index });
  }
  const keys = points.map(([batch, index]) => Buffer.from(historyKey(address, batch, index)));
  assert.deepEqual([...keys].sort(Buffer.compare), keys, "byte order is (batch, index) order");
});
