import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { openStore } from "../../sequencer/store/store.ts";
import { writeSealedBatch } from "../../sequencer/store/batch-writer.ts";
import { StoreReader } from "../../sequencer/store/store-reader.ts";
import { Transaction, TxKind, TRANSACTION_SIZE } from "../../sequencer/protocol/ssz-types.ts";
import { addressOf, bytesOf, identity, makeBatch, withStore } from "./fixtures.ts";

type Tx = { kind: TxKind; from: number; to: number };

/** Batch n of the given transactions (addresses by number), on top of a fixture batch for the rest of its fields. */
function batchOf(n: number, txs: Tx[]) {
  const batch = makeBatch(n, 1);
  const transactions = new Uint8Array(txs.length * TRANSACTION_SIZE);
  const hashes = new Uint8Array(txs.length * 32);
  txs.forEach(({ kind, from, to }, i) => {
    transactions.set(Transaction.serialize({ kind, from: addressOf(from), to: addressOf(to), amount: 1n, fee: 0n, nonce: i, signature: new Uint8Array(65) }), i * TRANSACTION_SIZE);
    hashes.set(bytesOf(`tx ${n} ${i}`, 32), i * 32);
  });
  return { ...batch, transactions, hashes };
}

/** What an address's history holds: senders of transfers and withdrawals, recipients of all but withdrawals; a transaction once. */
function expectedHistory(batches: Tx[][], address: number): [number, number][] {
  const out: [number, number][] = [];
  batches.forEach((txs, b) =>
    txs.forEach(({ kind, from, to }, i) => {
      const sent = (kind === TxKind.transfer || kind === TxKind.withdraw) && from === address;
      const received = kind !== TxKind.withdraw && to === address;
      if (sent || received) out.push([b + 1, i]);
    }),
  );
  return out.reverse();
}

const kinds = [TxKind.transfer, TxKind.withdraw, TxKind.deposit, TxKind.fullExit] as const;
const txArb = fc.record({ kind: fc.constantFrom(...kinds), from: fc.integer({ min: 0, max: 4 }), to: fc.integer({ min: 0, max: 4 }) });

test("property: each address's history, newest first, is every transaction that covers it, once, at any limit", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.array(txArb, { maxLength: 8 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 30 }), async (batches, limit) => {
      await withStore(async (store) => {
        for (const [b, txs] of batches.entries()) await writeSealedBatch(store, batchOf(b + 1, txs));
        const reader = new StoreReader(store);
        for (let address = 0; address <= 5; address++) {
          const history = reader.addressHistory(addressOf(address), limit);
          assert.deepEqual(history.map((h) => [h.batch, h.index]), expectedHistory(batches, address).slice(0, limit), `address ${address}`);
          for (const h of history) assert.deepEqual(new Uint8Array(h.hash), bytesOf(`tx ${h.batch} ${h.index}`, 32));
        }
      });
    }),
    { seed: 20261125, numRuns: process.env.CI ? 20 : 40 },
  );
});

test("error: a history link that does not point back is reported, not followed", async () => {
  await withStore(async (store) => {
    await writeSealedBatch(store, batchOf(1, [{ kind: TxKind.transfer, from: 1, to: 2 }, { kind: TxKind.transfer, from: 1, to: 3 }]));
    const links = new Uint8Array(store.buckets.historyLinks.get(1));
    links.set([0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1], 24); // tx 1's sender link points at tx 1 itself: a loop
    await store.writeDurably(() => store.buckets.historyLinks.put(1, links));
    assert.throws(() => new StoreReader(store).addressHistory(addressOf(1), 10), /address history is broken: a link at batch 1 index 1 does not point back/);
  });
});

test("behavior: after a failed batch write later ones are refused until it is written again; reopened, nothing of it is linked to", async () => {
  const dir = mkdtempSync(join(tmpdir(), "loft-history-"));
  try {
    let store = await openStore({ dir, identity });
    await writeSealedBatch(store, batchOf(1, [{ kind: TxKind.transfer, from: 1, to: 2 }]));
    const put = store.buckets.meta.put.bind(store.buckets.meta);
    store.buckets.meta.put = ((key: unknown, value: unknown) => {
      if (key === "latestSealed") throw new Error("injected write failure");
      return put(key, value);
    }) as typeof store.buckets.meta.put;
    const failing = batchOf(2, [{ kind: TxKind.deposit, from: 0, to: 3 }, { kind: TxKind.deposit, from: 0, to: 3 }, { kind: TxKind.transfer, from: 1, to: 3 }]);
    await assert.rejects(writeSealedBatch(store, failing), /injected write failure/);
    store.buckets.meta.put = put as typeof store.buckets.meta.put;
    await assert.rejects(writeSealedBatch(store, batchOf(3, [{ kind: TxKind.transfer, from: 1, to: 4 }])), /batch 3 not written: an earlier batch \(2\) failed \(injected write failure\)/);
    await store.close();
    store = await openStore({ dir, identity });
    await writeSealedBatch(store, batchOf(2, [{ kind: TxKind.transfer, from: 1, to: 4 }])); // the same batch number, other contents
    const reader = new StoreReader(store);
    assert.deepEqual(reader.addressHistory(addressOf(1), 10).map((h) => [h.batch, h.index]), [[2, 0], [1, 0]]);
    assert.deepEqual(reader.addressHistory(addressOf(3), 10), []);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("behavior: a reopened store links new transactions to the heads on disk", async () => {
  const dir = mkdtempSync(join(tmpdir(), "loft-history-"));
  try {
    let store = await openStore({ dir, identity });
    await writeSealedBatch(store, batchOf(1, [{ kind: TxKind.transfer, from: 1, to: 2 }]));
    await store.close();
    store = await openStore({ dir, identity });
    await writeSealedBatch(store, batchOf(2, [{ kind: TxKind.transfer, from: 2, to: 1 }]));
    assert.deepEqual(new StoreReader(store).addressHistory(addressOf(1), 10).map((h) => [h.batch, h.index]), [[2, 0], [1, 0]]);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
