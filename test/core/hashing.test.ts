import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fc from "fast-check";
import { keccak256 } from "ethers";
import { getCore, runs, seed, hex } from "./core-fixture.ts";
import { CoreInputError } from "../../sequencer/core/index.ts";

const ascii = (s: string) => new TextEncoder().encode(s);

test("sha256: FIPS 180-4 vectors", async () => {
  const { hashing } = await getCore();
  assert.equal(hex(hashing.sha256(ascii(""))), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  assert.equal(hex(hashing.sha256(ascii("abc"))), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  assert.equal(
    hex(hashing.sha256(ascii("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))),
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
  );
  assert.equal(hex(hashing.sha256(new Uint8Array(1_000_000).fill(0x61))), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
});

test("sha256: equals node:crypto on every length around the block boundaries and random data", async () => {
  const { hashing } = await getCore();
  for (let n = 0; n <= 300; n++) {
    const data = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 255);
    assert.equal(hex(hashing.sha256(data)), createHash("sha256").update(data).digest("hex"), `length ${n}`);
  }
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 2000 }), (data) => {
      assert.equal(hex(hashing.sha256(data)), createHash("sha256").update(data).digest("hex"));
    }),
    { seed, numRuns: runs(200) },
  );
});

test("hashNodes: the SIMD path equals the scalar path and node:crypto for any node count", async () => {
  const { hashing } = await getCore();
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 37 }).chain((n) => fc.uint8Array({ minLength: n * 64, maxLength: n * 64 })), (nodes) => {
      const simd = hashing.hashNodes(nodes);
      const scalar = new Uint8Array(simd.length);
      hashing.hashNodesInto(nodes, scalar, "scalar");
      assert.equal(hex(simd), hex(scalar));
      for (let i = 0; i < nodes.length / 64; i++) {
        const expected = createHash("sha256").update(nodes.subarray(i * 64, i * 64 + 64)).digest("hex");
        assert.equal(hex(simd.subarray(i * 32, i * 32 + 32)), expected);
      }
    }),
    { seed, numRuns: runs(200) },
  );
});

test("keccak256: Ethereum vectors", async () => {
  const { hashing } = await getCore();
  assert.equal(hex(hashing.keccak256(ascii(""))), "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  assert.equal(hex(hashing.keccak256(ascii("abc"))), "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  assert.equal(
    hex(hashing.keccak256(ascii("Transfer(address,address,uint256)"))),
    "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef",
  );
});

test("keccak256: equals ethers on every length around the rate and random data; batch equals single", async () => {
  const { hashing } = await getCore();
  for (let n = 0; n <= 300; n++) {
    const data = Uint8Array.from({ length: n }, (_, i) => (i * 17 + n) & 255);
    assert.equal("0x" + hex(hashing.keccak256(data)), keccak256(data), `length ${n}`);
  }
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 9 }), fc.infiniteStream(fc.integer({ min: 0, max: 255 })), (len, count, stream) => {
      const messages = Uint8Array.from(stream.take(len * count));
      const out = new Uint8Array(count * 32);
      hashing.keccak256BatchInto(messages, len, out);
      for (let i = 0; i < count; i++) {
        assert.equal("0x" + hex(out.subarray(i * 32, i * 32 + 32)), keccak256(messages.subarray(i * len, (i + 1) * len)));
      }
    }),
    { seed, numRuns: runs(100) },
  );
});

test("error: exact messages at the boundary", async () => {
  const { hashing } = await getCore();
  assert.throws(() => hashing.sha256Into(new Uint8Array(3), new Uint8Array(31)), {
    name: "CoreInputError",
    message: "out: expected Uint8Array of length 32, got length=31",
  });
  assert.throws(() => hashing.hashNodes(new Uint8Array(65)), CoreInputError);
  assert.throws(() => hashing.keccak256("abc" as unknown as Uint8Array), {
    message: "data: expected Uint8Array, got string abc",
  });
});
