import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { encodeBatchData, encodeBody, encodeBodyPrefix } from "../../sequencer/batch-data/encode-batch-data.ts";
import { decodeBatchData, decodeBody } from "../../sequencer/batch-data/decode-batch-data.ts";
import { BatchDataError } from "../../sequencer/batch-data/batch-data-error.ts";
import { MAX_BODY_BYTES } from "../../sequencer/batch-data/format.ts";
import { brotliCompressSync } from "node:zlib";
import { contexts, stateAndBatch } from "./batch-fixture.ts";
import { Transaction, TxKind } from "../../sequencer/protocol/ssz-types.ts";

const runs = (n: number) => (process.env.CI ? Math.ceil(n / 2) : n);
const seed = 20261124;

test("default: encode then decode gives back every transaction, byte for byte", () => {
  fc.assert(
    fc.property(stateAndBatch, ({ state, created, records }) => {
      const { encode, decode } = contexts(state, created);
      assert.deepEqual(decodeBatchData(encodeBatchData(records, encode), decode), records);
    }),
    { seed, numRuns: runs(300) },
  );
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
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
      onlyBatchDataErrors(() => decodeBatchData(bytes, decode));
      onlyBatchDataErrors(() => decodeBody(bytes, decode));
      onlyBatchDataErrors(() => decodeBatchData(Uint8Array.of(1, ...brotliCompressSync(bytes)), decode));
    }),
    { seed, numRuns: runs(4000) },
  );
});

test("behavior: mutated valid bodies decode or are a BatchDataError", () => {
  fc.assert(
    fc.property(stateAndBatch, fc.nat(), fc.integer({ min: 1, max: 255 }), ({ state, created, records }, at, xor) => {
      const { encode, decode } = contexts(state, created);
      const body = encodeBody(records, encode);
      const i = at % body.length;
      body[i] = body[i]! ^ xor;
      onlyBatchDataErrors(() => decodeBody(body, decode));
      onlyBatchDataErrors(() => decodeBody(body.subarray(0, i), decode));
    }),
    { seed, numRuns: runs(2000) },
  );
});

test("error: each malformation is named", () => {
  const one = { addresses: [new Uint8Array(20).fill(1)], nonces: [5] };
  const { decode } = contexts(one);
  const expect = (bytes: Uint8Array, reason: RegExp, decoder = decodeBody) =>
    assert.throws(() => decoder(bytes, decode), (e: unknown) => e instanceof BatchDataError && reason.test(e.message));
  expect(new Uint8Array(0), /empty data/, decodeBatchData);
  expect(Uint8Array.of(2, 0), /unknown batch data version 2/, decodeBatchData);
  expect(Uint8Array.of(1, 0xff, 0xff), /brotli/, decodeBatchData);
  expect(Uint8Array.of(1, ...brotliCompressSync(new Uint8Array(MAX_BODY_BYTES + 1))), /brotli/, decodeBatchData);
  expect(Uint8Array.of(2, 0), /base account count 2, but the state has 1/);
  expect(Uint8Array.of(1, 0x81, 0x80, 0x80, 0x80, 0x01), /above its limit/);
  expect(Uint8Array.of(1, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01), /varint too long/);
  expect(Uint8Array.of(1, 1, 0x10), /reserved bits/);
  expect(Uint8Array.of(1, 1, 0x05), /always written in full/);
  expect(Uint8Array.of(1, 1, 0x00, 7), /reference 7 points to no account/);
  expect(Uint8Array.of(1, 1, 0x00, 0, 0, 39, 0), /exponent 39/);
  expect(Uint8Array.of(1, 1, 0x00, 0, 0, 0, 10), /not in canonical/);
  expect(Uint8Array.of(1, 1, 0x00, 0, 0, 0, 1, 0, 0), /data ends inside signature/);
  expect(Uint8Array.of(1, 0, 9), /1 bytes after the last transaction/);
  expect(Uint8Array.of(0x81, 0x00), /non-canonical varint in base account count/);
});

test("behavior: the longest prefix that fits a size is encoded exactly as that prefix alone", () => {
  fc.assert(
    fc.property(stateAndBatch, fc.integer({ min: 2, max: 3000 }), ({ state, created, records }, max) => {
      const { encode } = contexts(state, created);
      const { body, count } = encodeBodyPrefix(records, encode, max);
      assert.ok(body.length <= max || count === 0);
      assert.deepEqual(body, encodeBody(records.subarray(0, count * 146), encode));
      if (count < records.length / 146) assert.ok(encodeBody(records.subarray(0, (count + 1) * 146), encode).length > max);
    }),
    { seed, numRuns: runs(300) },
  );
});

test("behavior: amounts at the uint128 limit and nonces above 2^32 decode to the exact SSZ fields", () => {
  const sender = new Uint8Array(20).fill(1);
  const { encode, decode } = contexts({ addresses: [sender], nonces: [2 ** 40 + 3] });
  const signature = new Uint8Array(65).fill(5);
  signature[64] = 28;
  const amounts = [(1n << 128n) - 1n, 34n * 10n ** 37n, 10n ** 38n, 123_456_789n * 10n ** 30n, 0n, 7n];
  const records = new Uint8Array(amounts.length * 146);
  amounts.forEach((amount, i) => {
    const fields = { kind: TxKind.transfer, from: sender, to: sender, amount, fee: amounts[amounts.length - 1 - i]!, nonce: 2 ** 40 + 3 + i, signature };
    records.set(Transaction.serialize(fields), i * 146);
  });
  assert.deepEqual(decodeBatchData(encodeBatchData(records, encode), decode), records);
});

test("error: an amount above uint128 is named whether its mantissa is short or long", () => {
  const { decode } = contexts({ addresses: [new Uint8Array(20).fill(1)], nonces: [0] });
  const transfer = (amount: number[]) => Uint8Array.of(1, 1, 0x00, 0, 0, ...amount, 0, 0, ...new Uint8Array(64));
  const tooLarge = (e: unknown) => e instanceof BatchDataError && /amount does not fit uint128/.test(e.message) && e.offset === 5;
  assert.throws(() => decodeBody(transfer([38, 35]), decode), tooLarge); // 35·10^38: a one-byte mantissa
  assert.throws(() => decodeBody(transfer([38, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]), decode), tooLarge); // (2^56 + 1)·10^38: a nine-byte mantissa
});
