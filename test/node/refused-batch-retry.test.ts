/**
 * A batch the storage refuses is kept, not lost: the sealer executes nothing more, its
 * transactions stay "accepted" (being sealed), and a retry once the storage takes writes again
 * writes it and announces it. The refusal is the store's own: a minimum of free space no disk has
 * (StoreOptions.minFreeBytes on a copy of the store), so every batch write meets "disk full".
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { TxKind } from "../../sequencer/protocol/ssz-types.ts";
import { readTip } from "../../sequencer/sealer/batch-tip.ts";
import { Sealer } from "../../sequencer/sealer/sealer.ts";
import type { PendingTransaction } from "../../sequencer/sealer/sealer-ports.ts";
import { isStorageFault } from "../../sequencer/store/storage-fault.ts";
import { ETH, addresses, sealerHarness, signed } from "../sealer/sealer-fixture.ts";

const FEE = 10n ** 15n;

test("behavior: a refused batch write keeps the batch, stops execution, and is written and announced by a retry", async () => {
  const h = await sealerHarness();
  try {
    const txs = [0, 1, 2].map((nonce) => signed(0, TxKind.transfer, addresses[1]!, ETH, FEE, nonce));
    for (const tx of txs) assert.equal(h.mempool.add(tx).accepted, true);
    const refusing = { ...h.store, minFreeBytes: Number.MAX_SAFE_INTEGER };
    const sealer = new Sealer<PendingTransaction>({ core: h.core, store: refusing, mempool: h.mempool, queue: h.queue, tip: readTip(h.reader, h.genesisStateRoot) }, { batchMaxTxs: 2, maxBatchBytes: 120_000 });
    const first = sealer.sealNext()!;
    const refused = await first.written.then(() => undefined, (error: unknown) => error);
    assert.ok(isStorageFault(refused) && refused.message === "disk full", String(refused));
    assert.equal(sealer.storageFault, refused);
    assert.equal(sealer.sealNext(), undefined, "nothing more is executed while the batch waits");
    assert.deepEqual([sealer.latest.number, sealer.pendingBatches().map((b) => b.number)], [0, [1]]);
    assert.ok(sealer.beingSealed(txs[0]!.hash), "its transactions are still accepted, being sealed");
    assert.deepEqual(await sealer.retryWrites(), [], "not retried within a second of the refusal");

    refusing.minFreeBytes = 0;
    await new Promise((r) => setTimeout(r, 1_050));
    const events = await sealer.retryWrites();
    assert.deepEqual(events.map((e) => [e.number, e.included.length]), [[1, 2]]);
    assert.deepEqual([sealer.storageFault, sealer.latest.number, sealer.pendingBatches().length, h.reader.batch(1)?.txCount], [undefined, 1, 0, 2]);
    assert.equal(refusing.health.fault, undefined);
    const next = sealer.sealNext()!; // sealing goes on from the retried batch
    assert.equal((await next.written).number, 2);
  } finally {
    await h.close();
  }
});
