import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Transaction as EthersTransaction, Wallet, getAddress, hexlify, keccak256 } from "ethers";
import { signEip1559 } from "../../sequencer/l1/raw-transaction.ts";
import { loadCore } from "../../sequencer/core/index.ts";

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });
const runs = process.env.CI ? 40 : 100;

test("default: signEip1559 produces exactly ethers' signed transaction and hash", async () => {
  await fc.assert(
    fc.asyncProperty(bytes(32), bytes(20), fc.uint8Array({ maxLength: 3000 }), fc.nat(), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 21_000n, max: 30_000_000n }), fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.constantFrom(1n, 31337n, 11155111n),
      async (key, to, data, nonce, tip, extra, gasLimit, value, chainId) => {
        fc.pre(key.some((b) => b !== 0) && BigInt(hexlify(key)) < 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n);
        const fields = { chainId, nonce, maxPriorityFeePerGas: tip, maxFeePerGas: tip + extra, gasLimit, to, value, data };
        const ours = signEip1559(fields, key);
        const theirs = await new Wallet(hexlify(key)).signTransaction({ ...fields, type: 2, to: getAddress(hexlify(to)), data: hexlify(data) });
        assert.equal(hexlify(ours.raw), theirs);
        assert.equal(hexlify(ours.hash), keccak256(theirs));
        assert.equal(EthersTransaction.from(theirs).from, new Wallet(hexlify(key)).address);
      }),
    { seed: 20261125, numRuns: runs },
  );
});

test("default: with the WASM core's keccak (the node's poster) the signed bytes are the same, for a 100 KB commit too", async () => {
  const core = await loadCore();
  const key = new Uint8Array(32).fill(7);
  for (const size of [0, 135, 136, 137, 100_000]) {
    const data = Uint8Array.from({ length: size }, (_, i) => (i * 31) & 0xff);
    const fields = { chainId: 31337n, nonce: 5, maxPriorityFeePerGas: 10n ** 9n, maxFeePerGas: 3n * 10n ** 9n, gasLimit: 5_000_000n, to: new Uint8Array(20).fill(9), value: 0n, data };
    const viaCore = signEip1559(fields, key, (bytes) => core.hashing.keccak256(bytes));
    const theirs = await new Wallet(hexlify(key)).signTransaction({ ...fields, type: 2, to: getAddress(hexlify(fields.to)), data: hexlify(data) });
    assert.equal(hexlify(viaCore.raw), theirs, `${size} bytes of data`);
    assert.equal(hexlify(viaCore.hash), keccak256(theirs));
  }
});
