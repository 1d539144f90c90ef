/**
 * The poster against a Hardhat L1 and the v2 Rollup: sealed batches are committed several per
 * commitBatches transaction, in order, each batch committed and finalized with its commit; a
 * partial commit waits for --max-commit-delay (a fake clock, no timed assertion); a restart
 * rebroadcasts the same signed commit; a stuck commit is replaced; a revert stops the poster.
 * The batches are v2-framed with made-up chunks (framed-batches.ts): the contract's commit checks
 * framing and the header chain, not chunk contents.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Contract, JsonRpcProvider, Wallet, hexlify } from "ethers";
import { startHardhatNode, type HardhatNode } from "../../sequencer/devnet/hardhat-node.ts";
import { deployDevnet, type Devnet } from "../../sequencer/devnet/deploy-devnet.ts";
import { loadRollupArtifact } from "../../sequencer/l1/rollup-abi.ts";
import { BatchPoster, type PosterOptions, type PostRecord } from "../../sequencer/l1/batch-poster.ts";
import { commitEventOf } from "../../sequencer/l1/commit-event.ts";
import { broadcastAnswerOf, isRetryableRevert } from "../../sequencer/l1/commit-broadcast.ts";
import { createNodeMetrics } from "../../sequencer/metrics/node-metrics.ts";
import { openStore, type Store } from "../../sequencer/store/store.ts";
import type { StoreReader } from "../../sequencer/store/store-reader.ts";
import { storeFramedBatches, type FramedBatchOptions } from "./framed-batches.ts";

let node: HardhatNode;
let devnet: Devnet;
let provider: JsonRpcProvider;
let freshRollup: string; // snapshot right after deployment: every test starts from commit 0

before(async () => {
  node = await startHardhatNode({ blockIntervalMs: 0 });
  devnet = await deployDevnet(node.rpcUrl, { extraAccounts: 0, challengeWindowSeconds: 30, inclusionWindowSeconds: 600 });
  provider = new JsonRpcProvider(node.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
  freshRollup = await provider.send("evm_snapshot", []);
});
after(async () => {
  provider?.destroy();
  await node?.stop();
});

async function fromFreshRollup(): Promise<void> {
  await provider.send("evm_revert", [freshRollup]);
  freshRollup = await provider.send("evm_snapshot", []);
}

const mine = (n = 1) => provider.send("hardhat_mine", [`0x${n.toString(16)}`]);
const rollup = () => new Contract(devnet.rollup.address, loadRollupArtifact().abi, provider);
const wallet = () => new Wallet(hexlify(devnet.sequencerKey), provider);

/** A fresh store in a temp dir, closed and removed after `use`. */
async function withStore<T>(use: (store: Store) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "loft-poster-"));
  const store = await openStore({ dir, identity: { chainId: devnet.chainId, rollup: devnet.rollup.address, genesisRoot: hexlify(devnet.genesisStateRoot) } });
  try {
    return await use(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function batches(store: Store, count: number, options: Partial<FramedBatchOptions> = {}): Promise<StoreReader> {
  const timestamp = (await provider.getBlock("latest"))!.timestamp;
  return storeFramedBatches(store, devnet.genesisRecords, devnet.genesisStateRoot, count, { timestamp, ...options });
}

import pino from "pino";
const log = process.env.POSTER_TEST_LOG ? pino({ level: "debug" }, pino.destination(2)) : undefined;
const options = (extra: Partial<PosterOptions> = {}): PosterOptions => ({ ...(log ? { log } : {}),
  rollup: devnet.rollup.address, confirmations: 1, challengeWindowSeconds: 30, maxInFlight: 4, replaceAfterBlocks: 50, maxCommitDelayMs: 1_000, now: () => 1e12, ...extra,
});

async function commitEvents() {
  const logs = await provider.getLogs({ address: devnet.rollup.address, fromBlock: devnet.rollup.blockNumber, topics: [rollup().interface.getEvent("BatchesCommitted")!.topicHash] });
  return logs.map(commitEventOf);
}

test("default: 60 sealed batches go to L1 in a few commits of consecutive batches, each batch committed then finalized with its commit", { timeout: 120_000 }, async () => {
  await fromFreshRollup();
  await withStore(async (store) => {
    const reader = await batches(store, 60, { chunkBytes: 3_000 }); // ~3.4 KB of calldata each: 38 fit in one commit
    const statuses: string[] = [];
    const poster = new BatchPoster(provider, wallet(), store, reader, options({ confirmations: 2 }), (n, s, hash) => statuses.push(`${n}:${s}:${hash}`));
    await poster.tick(); // sends every commit due (automine mines each)
    await mine();
    await poster.tick();
    const events = await commitEvents();
    assert.deepEqual(events.map((e) => e.commitIndex), [0, 1, 2], "commit 0 (genesis) and two commits");
    assert.deepEqual(events.slice(1).map((e) => [e.firstBatch, e.lastBatch]), [[1, 38], [39, 60]]);
    assert.equal(await rollup().getFunction("commitCount")(), 3n);
    for (const event of events.slice(1)) {
      for (let n = event.firstBatch; n <= event.lastBatch; n++) {
        assert.equal(reader.batch(n)!.status, "committed", `batch ${n}`);
        assert.equal(reader.batch(n)!.l1TxHash, event.l1TxHash, `batch ${n} has its commit's transaction`);
        assert.ok(statuses.includes(`${n}:committed:${event.l1TxHash}`));
      }
      assert.equal(store.buckets.l1Posts.get(event.firstBatch), undefined, "a committed post is no longer kept");
      for (const n of [event.firstBatch, event.firstBatch + 1, event.lastBatch]) {
        assert.deepEqual(reader.batch(n)!.commit, { index: event.commitIndex, firstBatch: event.firstBatch, lastBatch: event.lastBatch }, `the commit of batch ${n}`);
      }
      assert.equal(hexlify(event.stateRoot), hexlify(reader.batch(event.lastBatch)!.header.subarray(40, 72)), "the commit's stateRoot is its last batch's");
    }
    assert.equal(store.buckets.meta.get("posterCommittedUpTo"), 60);

    await provider.send("evm_increaseTime", [31]);
    await mine(2); // the commit's challenge window is over at a block with the confirmations
    await poster.tick();
    assert.ok(Array.from({ length: 60 }, (_, i) => reader.batch(i + 1)!.status).every((s) => s === "finalized"));
    assert.ok(await rollup().getFunction("isFinal")(60));
    const quiet = new BatchPoster(provider, wallet(), store, reader, options(), (n, s) => statuses.push(`again ${n}:${s}`));
    await quiet.tick();
    assert.ok(!statuses.some((s) => s.startsWith("again")), "a poster started after finality has nothing left to report");
  });
});

test("behavior: a partial commit waits until its oldest batch has waited --max-commit-delay (fake clock), then carries every batch sealed so far", { timeout: 120_000 }, async () => {
  await fromFreshRollup();
  await withStore(async (store) => {
    let now = 10_000;
    const deployed = await provider.getTransactionCount(wallet().address); // the deployment's own transactions
    const reader = await batches(store, 3, { sealedAt: (i) => 9_000 + i * 100 }); // sealed at 9,000 … 9,200 ms
    const poster = new BatchPoster(provider, wallet(), store, reader, options({ maxCommitDelayMs: 5_000, now: () => now }));
    await poster.tick();
    assert.equal(await provider.getTransactionCount(wallet().address), deployed, "4 s after the oldest was sealed: nothing sent");
    now = 13_999;
    await poster.tick();
    assert.equal(await provider.getTransactionCount(wallet().address), deployed, "1 ms short of the delay");
    await batches(store, 2, { sealedAt: () => 13_500 });
    now = 14_000;
    await poster.tick();
    assert.deepEqual((await commitEvents()).slice(1).map((e) => [e.firstBatch, e.lastBatch]), [[1, 5]], "at 5 s one commit of all five");
    await batches(store, 2, { sealedAt: () => 15_000 });
    now = 19_999;
    await poster.tick();
    assert.equal((await commitEvents()).length, 2, "the new batches wait for their own delay");
    now = 20_000;
    await poster.tick();
    assert.deepEqual((await commitEvents()).slice(1).map((e) => [e.firstBatch, e.lastBatch]), [[1, 5], [6, 7]]);
  });
});

test("behavior: a poster restarted before its commit was mined rebroadcasts the same signed transaction, and the commit lands once", { timeout: 120_000 }, async () => {
  await fromFreshRollup();
  await withStore(async (store) => {
    const reader = await batches(store, 10);
    const deployed = await provider.getTransactionCount(wallet().address);
    await provider.send("evm_setAutomine", [false]);
    try {
      await new BatchPoster(provider, wallet(), store, reader, options()).tick();
      const sent: PostRecord = store.buckets.l1Posts.get(1);
      assert.deepEqual([sent.first, sent.last, sent.hashes.length], [1, 10, 1]);
      await provider.send("hardhat_dropTransaction", [sent.hashes[0]]); // as if the L1 node restarted too
      const restarted = new BatchPoster(provider, wallet(), store, reader, options());
      await restarted.tick(); // not mined: rebroadcast
      assert.deepEqual(store.buckets.l1Posts.get(1), sent, "the same signed commit, nothing re-signed");
      const pending = await provider.send("eth_getTransactionByHash", [sent.hashes[0]]);
      assert.equal(pending?.hash, sent.hashes[0], "the stored raw transaction is in the L1 mempool again");
      await mine();
      await restarted.tick();
      assert.equal(reader.batch(10)!.status, "committed");
      assert.equal(reader.batch(10)!.l1TxHash, sent.hashes[0]);
      assert.equal(await provider.getTransactionCount(wallet().address), deployed + 1, "one commit transaction in all");
      assert.equal((await commitEvents()).length, 2);
    } finally {
      await provider.send("evm_setAutomine", [true]);
    }
  });
});

test("behavior: a commit dropped from the L1 mempool is replaced with higher fees and the same nonce", { timeout: 120_000 }, async () => {
  await fromFreshRollup();
  await withStore(async (store) => {
    const reader = await batches(store, 3);
    const poster = new BatchPoster(provider, wallet(), store, reader, options({ maxInFlight: 2, replaceAfterBlocks: 3 }));
    await provider.send("evm_setAutomine", [false]);
    try {
      await poster.tick();
      const first: PostRecord = store.buckets.l1Posts.get(1);
      assert.deepEqual([first.first, first.last, first.hashes.length], [1, 3, 1]);
      assert.equal(await provider.send("hardhat_dropTransaction", [first.hashes[0]]), true);
      await mine(3);
      await poster.tick(); // stuck for 3 blocks: replaced
      const replaced: PostRecord = store.buckets.l1Posts.get(1);
      assert.equal(replaced.hashes.length, 2);
      assert.equal(replaced.nonce, first.nonce);
      assert.deepEqual([replaced.first, replaced.last], [1, 3], "the same batches");
      assert.ok(replaced.maxFeePerGas > first.maxFeePerGas && replaced.maxPriorityFeePerGas > first.maxPriorityFeePerGas);
      await mine();
      await poster.tick();
      assert.deepEqual([1, 2, 3].map((n) => [reader.batch(n)!.status, reader.batch(n)!.l1TxHash]), Array(3).fill(["committed", replaced.hashes[1]]));
    } finally {
      await provider.send("evm_setAutomine", [true]);
    }
  });
});

test("error: a commit the contract reverts (the node and L1 disagree) stops the poster loudly", { timeout: 120_000 }, async () => {
  await fromFreshRollup();
  await withStore((first) => withStore(async (rival) => {
    const firstPoster = new BatchPoster(provider, wallet(), first, await batches(first, 1), options());
    await firstPoster.tick();
    await firstPoster.tick();
    const rivalPoster = new BatchPoster(provider, wallet(), rival, await batches(rival, 2, { salt: 9 }), options());
    await assert.rejects(async () => {
      await rivalPoster.tick();
      await rivalPoster.tick();
    }, /L1 holds commit 1 of batch 1 whose state root is not this node's batch 1: another node commits with this sequencer key/);
  }));
});

test("behavior: a commit whose nonce another transaction took is not success: it is dropped as lost and its batches are sent again at the next nonce, said in logs and metrics", { timeout: 120_000 }, async () => {
  await fromFreshRollup();
  await withStore(async (store) => {
    const reader = await batches(store, 3);
    const metrics = createNodeMetrics({ processMetrics: false });
    const poster = new BatchPoster(provider, wallet(), store, reader, options({ metrics }));
    await provider.send("evm_setAutomine", [false]);
    try {
      await poster.tick();
      const first: PostRecord = store.buckets.l1Posts.get(1);
      await provider.send("hardhat_dropTransaction", [first.hashes[0]]);
      const other = await wallet().sendTransaction({ to: wallet().address, value: 1n, nonce: first.nonce }); // takes the commit's nonce
      await mine();
      assert.equal((await provider.getTransactionReceipt(other.hash))?.status, 1);
      await poster.tick();
      const resent: PostRecord = store.buckets.l1Posts.get(1);
      assert.deepEqual([resent.first, resent.last, resent.nonce], [1, 3, first.nonce + 1], "the same batches at the next nonce");
      assert.match(await metrics.registry.metrics(), /^loft_l1_commit_outcomes_total\{outcome="lost"\} 1$/m);
      await mine();
      await poster.tick();
      assert.deepEqual([1, 2, 3].map((n) => [reader.batch(n)!.status, reader.batch(n)!.l1TxHash]), Array(3).fill(["committed", resent.hashes[0]]));
      assert.match(await metrics.registry.metrics(), /^loft_l1_commit_outcomes_total\{outcome="confirmed"\} 1$/m);
      assert.match(await metrics.registry.metrics(), /^loft_l1_gas_used_total [1-9]/m);
    } finally {
      await provider.send("evm_setAutomine", [true]);
    }
  });
});

test("behavior: eth_sendRawTransaction's answers are classified; only sent and known mean the transaction is in", () => {
  assert.deepEqual(broadcastAnswerOf("nonce too low: next nonce 7, tx nonce 5")?.outcome, "nonce-too-low");
  assert.deepEqual(broadcastAnswerOf("replacement transaction underpriced")?.outcome, "underpriced");
  assert.deepEqual(broadcastAnswerOf("already known")?.outcome, "known");
  assert.deepEqual(broadcastAnswerOf("insufficient funds for gas * price + value")?.outcome, "insufficient-funds");
  assert.deepEqual(broadcastAnswerOf("Error: VM Exception while processing transaction: reverted with custom error 'WrongParentRoot(0x1, 0x2)'"), { outcome: "reverted", message: "Error: VM Exception while processing transaction: reverted with custom error 'WrongParentRoot(0x1, 0x2)'", revert: "WrongParentRoot(0x1, 0x2)" });
  assert.equal(broadcastAnswerOf("something else entirely"), undefined, "unknown answers are errors (retried), never success");
  assert.ok(isRetryableRevert("WrongBatchNumber(3, 2)") && isRetryableRevert("QueueCountPastQueue(1, 2)") && !isRetryableRevert("WrongParentRoot(0x1, 0x2)"));
});
