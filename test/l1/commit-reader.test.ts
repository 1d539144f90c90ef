/**
 * The follower's L1 reader on a Hardhat devnet: commits the poster made are read back from L1
 * alone (BatchesCommitted logs, then each commit transaction's calldata) with every batch's header
 * and data, its commit index and position; an event that does not match its calldata is refused;
 * the commit a fraud proof removed is found among known commits or by searching L1 backwards.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonRpcProvider, Wallet, hexlify } from "ethers";
import { startHardhatNode, type HardhatNode } from "../../sequencer/devnet/hardhat-node.ts";
import { deployDevnet, type Devnet } from "../../sequencer/devnet/deploy-devnet.ts";
import { BatchPoster } from "../../sequencer/l1/batch-poster.ts";
import { BatchHeader } from "../../sequencer/protocol/ssz-types.ts";
import { L1BatchReadError, readCommit, removedCommit, rollupEvents, type FraudEvent } from "../../sequencer/follower/l1-batch-reader.ts";
import { openStore } from "../../sequencer/store/store.ts";
import { storeFramedBatches } from "./framed-batches.ts";

let node: HardhatNode;
let devnet: Devnet;
let provider: JsonRpcProvider;
let dir: string;

before(async () => {
  node = await startHardhatNode({ blockIntervalMs: 0 });
  devnet = await deployDevnet(node.rpcUrl, { extraAccounts: 0, challengeWindowSeconds: 30, inclusionWindowSeconds: 600 });
  provider = new JsonRpcProvider(node.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  dir = mkdtempSync(join(tmpdir(), "loft-reader-"));
});
after(async () => {
  provider?.destroy();
  await node?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("default: commits of many batches read back from L1 with every header, data, commit index and position", { timeout: 120_000 }, async () => {
  const store = await openStore({ dir, identity: { chainId: devnet.chainId, rollup: devnet.rollup.address, genesisRoot: hexlify(devnet.genesisStateRoot) } });
  try {
    const timestamp = (await provider.getBlock("latest"))!.timestamp;
    const reader = await storeFramedBatches(store, devnet.genesisRecords, devnet.genesisStateRoot, 50, { timestamp, chunkBytes: 4_000 });
    const poster = new BatchPoster(provider, new Wallet(hexlify(devnet.sequencerKey), provider), store, reader, {
      rollup: devnet.rollup.address, confirmations: 1, challengeWindowSeconds: 30, maxInFlight: 4, replaceAfterBlocks: 50, maxCommitDelayMs: 0,
    });
    await poster.tick();
    const head = await provider.getBlockNumber();
    const { commits, frauds } = await rollupEvents(provider, devnet.rollup.address, devnet.rollup.blockNumber, head);
    assert.equal(frauds.length, 0);
    assert.ok(commits.length >= 2, `50 batches of ~4 KB need at least two commits, got ${commits.length}`);
    assert.deepEqual(commits.map((c) => c.commitIndex), commits.map((_, i) => i + 1), "commit 0 (genesis) is left out; the rest in order");
    let next = 1;
    for (const commit of commits) {
      assert.equal(commit.firstBatch, next, "consecutive commits");
      const batches = await readCommit(node.rpcUrl, devnet.rollup.address, commit);
      assert.deepEqual(batches.map((b) => b.number), Array.from({ length: commit.lastBatch - commit.firstBatch + 1 }, (_, i) => commit.firstBatch + i));
      for (const [position, batch] of batches.entries()) {
        const stored = reader.batch(batch.number)!;
        assert.deepEqual(BatchHeader.serialize(batch.header), new Uint8Array(stored.header), `batch ${batch.number} header`);
        assert.deepEqual(batch.data, new Uint8Array(reader.batchData(batch.number)!), `batch ${batch.number} data`);
        assert.deepEqual(batch.root, new Uint8Array(stored.root));
        assert.deepEqual([batch.commitIndex, batch.position, batch.l1TxHash], [commit.commitIndex, position, commit.l1TxHash]);
        assert.equal(batch.inCommit, batches, "each batch reaches its commit's batches");
      }
      next = commit.lastBatch + 1;
    }
    assert.equal(next, 51);

    const wrongRange = { ...commits[0]!, lastBatch: commits[0]!.lastBatch + 1 };
    await assert.rejects(readCommit(node.rpcUrl, devnet.rollup.address, wrongRange), (e: unknown) => e instanceof L1BatchReadError && /its calldata carries \d+ batches/.test(e.message));
    await assert.rejects(readCommit(node.rpcUrl, devnet.rollup.address, { ...commits[0]!, stateRoot: new Uint8Array(32) }), /stateRoot or queueCount is not the event's/);
    await assert.rejects(readCommit(node.rpcUrl, new Wallet(hexlify(devnet.sequencerKey)).address, commits[0]!), /is not a direct call to the Rollup/);

    const fraud: FraudEvent = { batch: commits[1]!.firstBatch + 1, kind: 8, chunk: 0, position: 0, prover: devnet.rollup.address, reward: 0n, l1TxHash: "0x00", l1Block: head };
    assert.equal((await removedCommit(provider, devnet.rollup.address, fraud, commits, devnet.rollup.blockNumber)).commitIndex, 2, "among the known commits");
    assert.equal((await removedCommit(provider, devnet.rollup.address, fraud, [], devnet.rollup.blockNumber)).commitIndex, 2, "searched on L1");
    await assert.rejects(removedCommit(provider, devnet.rollup.address, { ...fraud, batch: 999 }, [], devnet.rollup.blockNumber), /batch 999 was proven wrong .* but no commit of it was found/);
  } finally {
    await store.close();
  }
});
