/**
 * The sealer's size budget: the prefix fittingPrefix picks before execution encodes, after
 * execution, within the cap whatever the executor then rejects (a rejected transaction takes its
 * account creation with it, and a sender that no longer exists is rejected too).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { encodeBatchData } from "../../sequencer/batch-data/encode-batch-data.ts";
import { chunkCount } from "../../sequencer/batch-data/segments.ts";
import { fittingPrefix } from "../../sequencer/sealer/size-budget.ts";
import { TRANSACTION_SIZE, TxKind } from "../../sequencer/protocol/ssz-types.ts";
import { concat, contexts, signedRecord, stateAndBatch } from "../batch-data/batch-fixture.ts";

const hex = (a: Uint8Array) => Buffer.from(a).toString("hex");
const recordsOf = (bytes: Uint8Array) => Array.from({ length: bytes.length / TRANSACTION_SIZE }, (_, i) => bytes.subarray(i * TRANSACTION_SIZE, (i + 1) * TRANSACTION_SIZE));

test("behavior: the prefix that fits before execution never encodes above the cap, with or without rejections", () => {
  fc.assert(
    fc.property(stateAndBatch, fc.integer({ min: 40, max: 8000 }), fc.array(fc.boolean(), { minLength: 80, maxLength: 80 }), ({ state, executed, messages, users }, maxBytes, rejects) => {
      const { encode } = contexts(state);
      const fit = fittingPrefix(messages, users, encode, maxBytes);
      assert.ok(fit <= users.length / TRANSACTION_SIZE);
      if (fit === 0) return;
      // what the executor would include of the prefix: some rejected, and senders that never came to exist with them
      const exists = new Set(state.addresses.map(hex));
      const queued = recordsOf(executed.included).slice(0, messages.length);
      for (const m of queued) if (m[0] === TxKind.deposit) exists.add(hex(m.subarray(21, 41)));
      const kept = recordsOf(users).slice(0, fit).filter((record, i) => {
        if (rejects[i] || !exists.has(hex(record.subarray(1, 21)))) return false;
        if (record[0] === TxKind.transfer) exists.add(hex(record.subarray(21, 41)));
        return true;
      });
      const positions = queued.length + kept.length;
      const data = encodeBatchData({ included: concat([...queued, ...kept]), queueMessages: queued.length, chunkEntries: new Uint8Array(chunkCount(positions) * 32) }, encode);
      assert.ok(data.length <= maxBytes, `${data.length} bytes for a cap of ${maxBytes} (${fit} fitted, ${kept.length} kept)`);
    }),
    { seed: 20261205, numRuns: 500 },
  );
});

test("default: between accounts that exist before the batch the bound is the exact size", () => {
  const state = { addresses: Array.from({ length: 300 }, (_, i) => Uint8Array.of(i >> 8, i & 0xff, ...new Uint8Array(18).fill(0x11))), nonces: Array(300).fill(0) };
  const { encode } = contexts(state);
  const users = Array.from({ length: 40 }, (_, i) => signedRecord(i % 3 === 0 ? TxKind.withdraw : TxKind.transfer, state.addresses[i * 7]!, state.addresses[(i * 13) % 300]!, BigInt(i) * 10n ** 15n, 21_000n * 10n ** 9n, 0));
  for (const k of [1, 31, 32, 33, 40]) {
    const data = encodeBatchData({ included: concat(users.slice(0, k)), queueMessages: 0, chunkEntries: new Uint8Array(chunkCount(k) * 32) }, encode);
    assert.equal(fittingPrefix([], concat(users), encode, data.length), k, `${k} transactions in ${data.length} bytes`);
    if (k < 40) assert.equal(fittingPrefix([], concat(users), encode, data.length - 1), k - 1);
  }
});
