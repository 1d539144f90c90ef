/**
 * The account-history cursor (keyset pagination of /api/accounts/:address/txs): paging with
 * `before` = the last entry of the previous page yields the whole history, newest first, each
 * transaction once, at any page size; a cursor that is not one of the address's transactions is
 * refused rather than walking another address's chain.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { writeSealedBatch } from "../../sequencer/store/batch-writer.ts";
import { HistoryCursorError, type HistoryCursor } from "../../sequencer/store/history-chains.ts";
import { StoreReader } from "../../sequencer/store/store-reader.ts";
import { Transaction, TxKind, TRANSACTION_SIZE } from "../../sequencer/protocol/ssz-types.ts";
import { addressOf, makeBatch, withStore } from "../store/fixtures.ts";

const kinds = [TxKind.transfer, TxKind.withdraw, TxKind.deposit] as const;
const txArb = fc.record({ kind: fc.constantFrom(...kinds), from: fc.integer({ min: 0, max: 3 }), to: fc.integer({ min: 0, max: 3 }) });

/** Batch n holding `txs` (addresses by number); the other fields from the store fixture. */
function batchWith(n: number, txs: { kind: TxKind; from: number; to: number }[]) {
  const transactions = new Uint8Array(txs.length * TRANSACTION_SIZE);
  txs.forEach(({ kind, from, to }, i) => transactions.set(Transaction.serialize({ kind, from: addressOf(from), to: addressOf(to), amount: 1n, fee: 0n, nonce: i, signature: new Uint8Array(65) }), i * TRANSACTION_SIZE));
  const hashes = new Uint8Array(txs.length * 32).map((_, i) => (n * 31 + i) & 0xff);
  return { ...makeBatch(n, 1), transactions, hashes };
}

test("property: paging an address's history with the cursor gives the whole history once, newest first", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.array(txArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 5 }), async (batches, pageSize) => {
      await withStore(async (store) => {
        for (const [b, txs] of batches.entries()) await writeSealedBatch(store, batchWith(b + 1, txs));
        const reader = new StoreReader(store);
        for (let address = 0; address <= 3; address++) {
          const whole = reader.addressHistory(addressOf(address), 1_000).map((e) => `${e.batch}:${e.index}`);
          const paged: string[] = [];
          let before: HistoryCursor | undefined;
          for (let pages = 0; pages <= whole.length; pages++) {
            const page = reader.addressHistory(addressOf(address), pageSize, before);
            paged.push(...page.map((e) => `${e.batch}:${e.index}`));
            if (page.length < pageSize) break;
            before = { batch: page[page.length - 1]!.batch, index: page[page.length - 1]!.index };
          }
          assert.deepEqual(paged, whole, `address ${address}, pages of ${pageSize}`);
        }
      });
    }),
    { seed: 20261204, numRuns: process.env.CI ? 15 : 30 },
  );
});

test("error: a cursor naming another address's transaction, or none, is refused", async () => {
  await withStore(async (store) => {
    await writeSealedBatch(store, batchWith(1, [{ kind: TxKind.transfer, from: 1, to: 2 }, { kind: TxKind.withdraw, from: 2, to: 3 }]));
    const reader = new StoreReader(store);
    assert.equal(reader.addressHistory(addressOf(2), 10, { batch: 1, index: 1 }).length, 1, "its own withdrawal: the transfer before it");
    assert.throws(() => reader.addressHistory(addressOf(1), 10, { batch: 1, index: 1 }), (e: unknown) => e instanceof HistoryCursorError && /not one of this address's/.test(e.message));
    assert.throws(() => reader.addressHistory(addressOf(3), 10, { batch: 1, index: 1 }), HistoryCursorError, "a withdrawal's L1 recipient has no L2 history");
    assert.throws(() => reader.addressHistory(addressOf(1), 10, { batch: 1, index: 2 }), /batch 1 has no transaction 2/);
    assert.throws(() => reader.addressHistory(addressOf(1), 10, { batch: 9, index: 0 }), /batch 9 has no transaction 0/);
  });
});
