import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { encodeBatchData } from "../../sequencer/batch-data/encode-batch-data.ts";
import { decodeBatchData } from "../../sequencer/batch-data/decode-batch-data.ts";
import { BatchDataError } from "../../sequencer/batch-data/batch-data-error.ts";
import { readSegments, writeSegments } from "../../sequencer/batch-data/segments.ts";
import { TxKind } from "../../sequencer/protocol/ssz-types.ts";
import { concat, contexts, queueMessage, signedRecord, stateAndBatch } from "./batch-fixture.ts";

const runs = (n: number) => (process.env.CI ? Math.ceil(n / 2) : n);
const seed = 20261204;

test("default: encode then decode gives back every user record, each queue message with its full-exit amount, and every entry", () => {
  let chunks = 0;
  fc.assert(
    fc.property(stateAndBatch, ({ state, executed, messages, users }) => {
      const { encode, decode } = contexts(state);
      const data = encodeBatchData(executed, encode);
      const decoded = decodeBatchData(data, messages, decode);
      assert.deepEqual(decoded.users, users);
      assert.deepEqual(decoded.queue, executed.included.subarray(0, messages.length * 146));
      assert.deepEqual(decoded.entries, executed.chunkEntries);
      const framing = readSegments(data, messages.length);
      chunks = Math.max(chunks, framing.segments.length);
      assert.equal(framing.userCount, users.length / 146);
      assert.deepEqual(writeSegments(framing.userCount, framing.segments), data, "the framing reader and writer agree");
    }),
    { seed, numRuns: runs(400) },
  );
  assert.ok(chunks >= 3, `batches reached ${chunks} chunks`);
});

test("default: references follow creation order: a deposit's new account sends, a raw recipient is then an index", () => {
  const old = new Uint8Array(20).fill(1);
  const fresh = new Uint8Array(20).fill(2);
  const other = new Uint8Array(20).fill(3);
  const state = { addresses: [new Uint8Array(20).fill(9), old], nonces: [0, 4] };
  const { encode, decode } = contexts(state);
  const deposit = queueMessage(TxKind.deposit, fresh, 10n ** 18n, 7);
  const exit = queueMessage(TxKind.fullExit, old, 5n, 8);
  const users = [
    signedRecord(TxKind.transfer, fresh, other, 10n ** 17n, 0n, 0), // from the deposit's account (index 2) to a new one (index 3)
    signedRecord(TxKind.transfer, other, fresh, 1n, 0n, 0, 28), // both by index now
    signedRecord(TxKind.withdraw, old, other, 2n, 0n, 4),
  ];
  const executed = { included: concat([deposit, exit, ...users]), queueMessages: 2, chunkEntries: new Uint8Array(32).fill(0xee) };
  const data = encodeBatchData(executed, encode);
  const chunk = [
    0x00, // deposit ref 0: fresh is created as account 2
    0x02, 0x00, 0x05, // full exit ref 2 (account 1), amount 5
    0x04, 0x02, ...other, 0x11, 0x01, 0x00, 0x00, ...new Uint8Array(64).fill(7), // raw recipient: account 3
    0x02, 0x03, 0x02, 0x00, 0x01, 0x00, 0x00, ...new Uint8Array(64).fill(7), // v 28, 3 → 2
    0x05, 0x01, ...other, 0x00, 0x02, 0x00, 0x00, ...new Uint8Array(64).fill(7), // withdraw: raw L1 recipient
  ];
  assert.deepEqual([...data], [2, 3, ...new Uint8Array(32).fill(0xee), chunk.length >> 8, chunk.length & 0xff, ...chunk]);
  const decoded = decodeBatchData(data, [deposit, queueMessage(TxKind.fullExit, old, 0n, 8)], decode);
  assert.deepEqual(decoded.users, concat(users));
  assert.deepEqual(decoded.queue, concat([deposit, exit]));
});

const onlyBatchDataErrors = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (!(error instanceof BatchDataError)) throw error;
  }
};

test("behavior: arbitrary bytes never crash the decoder: they decode or are a BatchDataError", () => {
  const { decode } = contexts({ addresses: [new Uint8Array(20).fill(1)], nonces: [0] });
  const exit = queueMessage(TxKind.fullExit, new Uint8Array(20).fill(1), 0n, 0);
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 600 }), fc.nat({ max: 2 }), (bytes, queued) => {
      onlyBatchDataErrors(() => decodeBatchData(bytes, Array(queued).fill(exit), decode));
      onlyBatchDataErrors(() => decodeBatchData(Uint8Array.of(2, ...bytes), Array(queued).fill(exit), decode));
    }),
    { seed, numRuns: runs(4000) },
  );
});

test("behavior: mutated and truncated valid data decodes or is a BatchDataError", () => {
  fc.assert(
    fc.property(stateAndBatch, fc.nat(), fc.integer({ min: 1, max: 255 }), ({ state, executed, messages }, at, xor) => {
      const { encode, decode } = contexts(state);
      const data = encodeBatchData(executed, encode);
      const i = at % data.length;
      data[i] = data[i]! ^ xor;
      onlyBatchDataErrors(() => decodeBatchData(data, messages, decode));
      onlyBatchDataErrors(() => decodeBatchData(data.subarray(0, i), messages, decode));
    }),
    { seed, numRuns: runs(2000) },
  );
});

test("behavior: amounts at the uint128 limit and nonces above 2^32 decode to the exact SSZ fields", () => {
  const sender = new Uint8Array(20).fill(1);
  const { encode, decode } = contexts({ addresses: [sender], nonces: [2 ** 40 + 3] });
  const amounts = [(1n << 128n) - 1n, 34n * 10n ** 37n, 10n ** 38n, 123_456_789n * 10n ** 30n, 0n, 7n];
  const users = amounts.map((amount, i) => signedRecord(TxKind.transfer, sender, sender, amount, amounts[amounts.length - 1 - i]!, 2 ** 40 + 3 + i, 28));
  const executed = { included: concat(users), queueMessages: 0, chunkEntries: new Uint8Array(32) };
  assert.deepEqual(decodeBatchData(encodeBatchData(executed, encode), [], decode).users, concat(users));
});
