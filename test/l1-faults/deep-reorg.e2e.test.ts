/**
 * A reorg deeper than the confirmations, simulated on the Hardhat devnet with evm_snapshot /
 * evm_revert: commits the node had seen confirmed (and batches it had called finalized) vanish
 * from L1. The sealed batches are still valid, so the node re-posts them; no batch status ever
 * goes back (sampled throughout), nothing sealed is lost, and every batch ends on L1 again. Then
 * a real conflict: a deposit the node credited is replaced on L1 by a different one at the same
 * queue index; the node stops with a message that says what happened and what to do.
 */
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { Contract, JsonRpcProvider, Wallet, hexlify, parseEther } from "ethers";
import { standardDevKeys } from "../../sequencer/genesis/dev-keys.ts";
import { loadRollupArtifact } from "../../sequencer/l1/rollup-abi.ts";
import { RollupView } from "../../sequencer/l1/rollup-view.ts";
import type { BatchStatus } from "../../sequencer/store/sealed-batch.ts";
import { startFaultNode, type FaultNode } from "./l1-fault-node.ts";

let f: FaultNode;
let l1: JsonRpcProvider;
before(async () => {
  f = await startFaultNode();
  l1 = new JsonRpcProvider(f.l1.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
});
after(async () => {
  l1?.destroy();
  await f?.close();
});

const ORDER: Record<BatchStatus, number> = { sealed: 0, committed: 1, finalized: 2 };
const to = Wallet.createRandom().address;

/** Samples every batch's status every 50 ms; records any that went backwards. */
function statusSampler() {
  const seen = new Map<number, BatchStatus>();
  const backwards: string[] = [];
  const timer = setInterval(() => {
    const latest = f.node.reader.latestSealed() ?? 0;
    for (let n = 1; n <= latest; n++) {
      const status = f.node.reader.batch(n)?.status;
      if (!status) continue;
      const before = seen.get(n);
      if (before && ORDER[status] < ORDER[before]) backwards.push(`batch ${n}: ${before} → ${status}`);
      seen.set(n, status);
    }
  }, 50);
  return { backwards, stop: () => clearInterval(timer) };
}

async function sealed(count: number): Promise<string[]> {
  const hashes: string[] = [];
  for (let i = 0; i < count; i++) hashes.push(await f.transfer(2, to));
  await f.waitSealed(hashes);
  return hashes;
}

const batchOf = (hash: string) => f.node.reader.transaction(Buffer.from(hash.slice(2), "hex"))?.batch;

test("behavior: commits removed by a reorg deeper than the confirmations are posted again; finalized stays finalized; nothing sealed is lost", { timeout: 240_000 }, async () => {
  const sampler = statusSampler();
  try {
    const view = new RollupView(l1, f.l1.rollup);
    const snapshot = await l1.send("evm_snapshot", []);
    const before = await sealed(6);
    const last = Math.max(...before.map((h) => batchOf(h)!));
    await f.waitUntil("the batches finalized", () => f.node.reader.batch(last)?.status === "finalized", 90_000);
    const oldCommit = f.node.reader.batch(last)!.l1TxHash;
    const head = await l1.getBlockNumber();

    assert.equal(await l1.send("evm_revert", [snapshot]), true);
    assert.ok(head - (await l1.getBlockNumber()) > 1, "deeper than the 1 confirmation");
    assert.ok((await view.chainAt(await l1.getBlockNumber())).lastNumber < last, "L1 lost the commits");
    const during = await sealed(3); // sealing goes on through the reorg

    const all = [...before, ...during];
    const newest = Math.max(...all.map((h) => batchOf(h)!));
    await f.waitUntil("every batch on L1 again", async () => (await view.chainAt(await l1.getBlockNumber())).lastNumber >= newest, 90_000);
    await f.waitUntil("the new batches finalized", () => f.node.reader.batch(newest)?.status === "finalized", 90_000);
    assert.equal(f.node.reader.batch(last)!.status, "finalized", "finalized before the reorg, finalized after");
    await f.waitUntil("batch's commit updated", () => f.node.reader.batch(last)!.l1TxHash !== oldCommit, 30_000);
    assert.ok(all.every((hash) => batchOf(hash) !== undefined), "every sealed transaction is still there");
    assert.ok(f.count("an L1 reorg deeper than the confirmations removed commits") >= 1, "the reorg is logged");
    assert.deepEqual(sampler.backwards, [], "no status went backwards");
    assert.ok(!f.logs.some((line) => line.level === 60), "nothing fatal");
  } finally {
    sampler.stop();
  }
});

test("error: a credited deposit that a deep reorg replaced by a different one at the same queue index stops the node, saying what to do", { timeout: 120_000 }, async () => {
  const depositor = new Wallet(hexlify(standardDevKeys()[3]!), l1);
  const rollup = new Contract(f.l1.rollup, loadRollupArtifact().abi, depositor);
  const snapshot = await l1.send("evm_snapshot", []);
  const recipient = Wallet.createRandom().address;
  await (await rollup.getFunction("deposit")(recipient, { value: parseEther("1") })).wait();
  await f.waitUntil("the deposit credited and sealed", async () => {
    const account = await f.client.call<{ balance: string } | null>("loft_getAccount", [recipient]);
    return account !== null && BigInt(account.balance) === parseEther("1");
  }, 60_000);
  assert.equal(await l1.send("evm_revert", [snapshot]), true);
  await (await rollup.getFunction("deposit")(recipient, { value: parseEther("2") })).wait();
  await l1.send("hardhat_mine", ["0x3"]);
  const error = await Promise.race([f.node.stopped, new Promise<undefined>((resolve) => setTimeout(resolve, 60_000))]);
  assert.ok(error, "the node stopped");
  assert.match(error.message, /L1 queue message \d+ changed in an L1 reorg deeper than 1 confirmations: it was credited as a deposit of 1000000000000000000 wei .* L1 now has a deposit of 2000000000000000000 wei/);
  assert.match(error.message, /keep this data dir for investigation/);
});
