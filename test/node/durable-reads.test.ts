/**
 * Reads show only durable state: while a batch is executed (in the WASM state) and even committed
 * in LMDB but its flush is not yet reported, accounts read as before it and the store's reads
 * hide it; once it is durable, both show it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DurableAccounts } from "../../sequencer/node/core-account-reader.ts";
import { TxKind } from "../../sequencer/protocol/ssz-types.ts";
import { readTip } from "../../sequencer/sealer/batch-tip.ts";
import { Sealer } from "../../sequencer/sealer/sealer.ts";
import type { PendingTransaction } from "../../sequencer/sealer/sealer-ports.ts";
import { LATEST_SEALED_KEY } from "../../sequencer/store/batch-writer.ts";
import type { Store } from "../../sequencer/store/store.ts";
import { StoreReader } from "../../sequencer/store/store-reader.ts";
import { ETH, addresses, sealerHarness, signed } from "../sealer/sealer-fixture.ts";

const FEE = 10n ** 15n;

/** The store with its flushes held until `release()`: commits go through, `flushed` waits. */
function holdFlushes(store: Store) {
  let release!: () => void;
  let gate = new Promise<void>((resolve) => (release = resolve));
  const env = new Proxy(store.env, {
    get(target, property) {
      if (property === "flushed") return gate.then(() => target.flushed);
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return {
    store: { ...store, env } as Store,
    release: () => release(),
    hold: () => void (gate = new Promise<void>((resolve) => (release = resolve))),
  };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(check(), what);
}

test("behavior: a batch committed but not yet flushed shows in no read; once durable it does", async () => {
  const h = await sealerHarness();
  try {
    const held = holdFlushes(h.store);
    const sealer = new Sealer<PendingTransaction>({ core: h.core, store: held.store, mempool: h.mempool, queue: h.queue, tip: readTip(h.reader, h.genesisStateRoot) }, { batchMaxTxs: 100, maxBatchBytes: 120_000 });
    const reader = new StoreReader(held.store);
    reader.limitTo(() => sealer.latest.number);
    const accounts = new DurableAccounts(h.core, held.store, () => sealer.pendingBatches());
    sealer.observePending(accounts);
    const [sender, recipient, untouched] = addresses as [Uint8Array, Uint8Array, Uint8Array];

    const tx = signed(0, TxKind.transfer, recipient, ETH, FEE, 0);
    assert.equal(h.mempool.add(tx).accepted, true);
    const first = sealer.sealNext()!;
    await until(() => h.store.buckets.meta.get(LATEST_SEALED_KEY) === 1, "batch 1 is committed in LMDB");
    assert.equal(h.core.state.account(h.core.state.indexOf(sender)).length, 44);
    assert.deepEqual([accounts.get(sender)?.balance, accounts.get(sender)?.nonce], [100n * ETH, 0], "the sender as before the batch (LMDB already holds its new record)");
    assert.equal(accounts.get(recipient)?.balance, 100n * ETH);
    assert.equal(accounts.get(untouched)?.balance, 100n * ETH);
    assert.equal(accounts.aheadOfDisk(), true);
    assert.deepEqual([reader.latestSealed(), reader.batch(1), reader.transaction(tx.hash), reader.addressHistory(sender, 10).length], [undefined, undefined, undefined, 0]);
    assert.ok(sealer.beingSealed(tx.hash), "its transaction is still accepted, being sealed");

    held.release();
    await first.written;
    assert.deepEqual([accounts.get(sender)?.balance, accounts.get(sender)?.nonce], [99n * ETH - FEE, 1]);
    assert.equal(accounts.get(recipient)?.balance, 101n * ETH);
    assert.equal(accounts.aheadOfDisk(), false);
    assert.deepEqual([reader.latestSealed(), reader.batch(1)?.number, reader.transaction(tx.hash)?.batch, reader.addressHistory(sender, 10).length], [1, 1, 1, 1]);

    // the next batch, held the same way, reads as after batch 1
    held.hold();
    assert.equal(h.mempool.add(signed(0, TxKind.transfer, untouched, ETH, FEE, 1)).accepted, true);
    const second = sealer.sealNext()!;
    await until(() => h.store.buckets.meta.get(LATEST_SEALED_KEY) === 2, "batch 2 is committed in LMDB");
    assert.deepEqual([accounts.get(sender)?.balance, accounts.get(untouched)?.balance, accounts.count()], [99n * ETH - FEE, 100n * ETH, h.core.state.count]);
    assert.deepEqual([reader.latestSealed(), reader.batch(2)], [1, undefined]);
    held.release();
    await second.written;
    assert.deepEqual([accounts.get(sender)?.balance, accounts.get(untouched)?.balance, reader.latestSealed()], [98n * ETH - 2n * FEE, 101n * ETH, 2]);
  } finally {
    await h.close();
  }
});

test("behavior: an account created by a batch not yet durable does not exist for reads", async () => {
  const h = await sealerHarness();
  try {
    const held = holdFlushes(h.store);
    const sealer = new Sealer<PendingTransaction>({ core: h.core, store: held.store, mempool: h.mempool, queue: h.queue, tip: readTip(h.reader, h.genesisStateRoot) }, { batchMaxTxs: 100, maxBatchBytes: 120_000 });
    const accounts = new DurableAccounts(h.core, held.store, () => sealer.pendingBatches());
    sealer.observePending(accounts);
    const fresh = new Uint8Array(20).fill(0x42);
    const before = h.core.state.count;
    h.mempool.add(signed(1, TxKind.transfer, fresh, ETH, FEE, 0));
    const written = sealer.sealNext()!.written;
    assert.ok(h.core.state.indexOf(fresh) >= 0, "the WASM state has it");
    assert.deepEqual([accounts.get(fresh), accounts.count()], [undefined, before]);
    held.release();
    await written;
    assert.deepEqual([accounts.get(fresh)?.balance, accounts.count()], [ETH, before + 1]);
  } finally {
    await h.close();
  }
});
