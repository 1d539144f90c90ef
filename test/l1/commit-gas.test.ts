/**
 * The poster's computed gas limit against what commits really execute, on a Hardhat L1 at the
 * cancun hardfork: without EIP-7623's calldata floor a transaction's gasUsed is intrinsic +
 * calldata + execution, so the execution of every commit shows (on prague a data-heavy commit
 * pays the floor and hides it). Cases: one 120 KB batch of 50 chunks, one small batch, 38 batches
 * filling 128 KB, 256 small batches, and queue-like batches of many tiny zero chunks (the most
 * contract work per calldata byte). Each must leave 20% head room.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonRpcProvider, Wallet, hexlify } from "ethers";
import { startHardhatNode, type HardhatNode } from "../../sequencer/devnet/hardhat-node.ts";
import { deployDevnet, type Devnet } from "../../sequencer/devnet/deploy-devnet.ts";
import { BatchPoster, type PostRecord } from "../../sequencer/l1/batch-poster.ts";
import { openStore } from "../../sequencer/store/store.ts";
import { storeFramedBatches } from "./framed-batches.ts";

let node: HardhatNode;
let devnet: Devnet;
let provider: JsonRpcProvider;
let fresh: string;

before(async () => {
  node = await startHardhatNode({ blockIntervalMs: 0, hardfork: "cancun" });
  devnet = await deployDevnet(node.rpcUrl, { extraAccounts: 0, challengeWindowSeconds: 30, inclusionWindowSeconds: 600 });
  provider = new JsonRpcProvider(node.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  fresh = await provider.send("evm_snapshot", []);
});
after(async () => {
  provider?.destroy();
  await node?.stop();
});

const CASES = [
  { count: 1, chunks: 50, chunkBytes: 2_400 },
  { count: 1, chunks: 1, chunkBytes: 100 },
  { count: 38, chunks: 1, chunkBytes: 3_000 },
  { count: 256, chunks: 1, chunkBytes: 100 },
  { count: 100, chunks: 20, chunkBytes: 8, zero: true },
  { count: 256, chunks: 6, chunkBytes: 8, zero: true },
];

test("behavior: the computed gas limit covers what every kind of commit executes, with 20% head room", { timeout: 300_000 }, async (t) => {
  for (const { count, chunks, chunkBytes, zero } of CASES) {
    await provider.send("evm_revert", [fresh]);
    fresh = await provider.send("evm_snapshot", []);
    const dir = mkdtempSync(join(tmpdir(), "loft-gas-"));
    const store = await openStore({ dir, identity: { chainId: devnet.chainId, rollup: devnet.rollup.address, genesisRoot: hexlify(devnet.genesisStateRoot) } });
    try {
      const timestamp = (await provider.getBlock("latest"))!.timestamp;
      const reader = await storeFramedBatches(store, devnet.genesisRecords, devnet.genesisStateRoot, count, { timestamp, chunks, chunkBytes, ...(zero ? { chunkOf: () => new Uint8Array(chunkBytes) } : {}) });
      await new BatchPoster(provider, new Wallet(hexlify(devnet.sequencerKey), provider), store, reader, {
        rollup: devnet.rollup.address, confirmations: 1, challengeWindowSeconds: 30, maxInFlight: 1, replaceAfterBlocks: 50, maxCommitDelayMs: 0,
      }).tick();
      const post: PostRecord = store.buckets.l1Posts.get(1);
      const receipt = (await provider.getTransactionReceipt(post.hashes[0]!))!;
      const tx = (await provider.getTransaction(post.hashes[0]!))!;
      const bytes = Buffer.from(tx.data.slice(2), "hex");
      let calldataGas = 0n;
      for (const b of bytes) calldataGas += b === 0 ? 4n : 16n;
      const execution = receipt.gasUsed - 21_000n - calldataGas;
      const allowance = tx.gasLimit - 21_000n - calldataGas;
      const batches = post.last - post.first + 1;
      t.diagnostic(`${batches} batches × ${chunks} chunks × ${chunkBytes} B: ${bytes.length} B calldata, execution ${execution} (${execution / BigInt(batches)} per batch), allowance ${allowance}`);
      assert.equal(receipt.status, 1);
      assert.ok(allowance >= execution + execution / 5n, `allowance ${allowance} leaves 20% over the execution ${execution}`);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
