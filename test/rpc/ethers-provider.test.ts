/** Wallet compatibility of the framing: ethers' WebSocketProvider talking to the server. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { WebSocketProvider } from "ethers";
import { nonceTooLow } from "../../sequencer/rpc/rpc-error.ts";
import { startTestServer } from "./rpc-test-server.ts";

const holder = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

test("default: ethers' WebSocketProvider reads chain id, block number, balance and nonce", async () => {
  const calls: string[] = [];
  const harness = await startTestServer({
    methods: {
      eth_chainId: () => (calls.push("eth_chainId"), "0x7a69"),
      eth_blockNumber: () => "0x2a",
      eth_getBalance: (params) => ((params as string[])[0]?.toLowerCase() === holder.toLowerCase() ? "0x21e19e0c9bab2400000" : "0x0"),
      eth_getTransactionCount: () => "0x3",
      loft_sendTransaction: () => {
        throw nonceTooLow();
      },
    },
  });
  const provider = new WebSocketProvider(harness.server.url);
  try {
    assert.equal((await provider.getNetwork()).chainId, 31337n);
    assert.equal(await provider.getBlockNumber(), 42);
    assert.equal(await provider.getBalance(holder), 10_000n * 10n ** 18n);
    assert.equal(await provider.getTransactionCount(holder), 3);
    await assert.rejects(provider.send("loft_sendTransaction", [{}]), (error: { error?: { code: number; message: string } }) => {
      assert.deepEqual(error.error, { code: -32000, message: "nonce too low", data: { reason: "NONCE_TOO_LOW" } });
      return true;
    });
    assert.ok(calls.length >= 1);
  } finally {
    await provider.destroy();
    await harness.stop();
  }
});
