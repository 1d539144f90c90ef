/**
 * The node under L1 outages, through a fault-injecting proxy in front of the Hardhat devnet:
 * while L1 refuses connections (an L1 node restarting), hangs (accepts, never answers) or resets
 * every connection, the node keeps accepting and sealing, says "L1 unreachable" once and "L1
 * reachable again" once per outage, and commits and finalizes everything once L1 is back. With
 * two --l1-rpc URLs, the outage of one is not an outage at all: requests fail over. A node whose
 * L1 is down at start starts from its data dir and serves. Outages last a few seconds here; the
 * long ones are bench/l1 (docs/benchmarks.md).
 */
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { Wallet } from "ethers";
import { startFaultNode, type FaultNode } from "./l1-fault-node.ts";
import type { FaultMode } from "./fault-proxy.ts";

let f: FaultNode;
before(async () => {
  f = await startFaultNode({ proxies: 2 });
});
after(async () => {
  await f?.close();
});

const to = Wallet.createRandom().address;
const UNREACHABLE = "L1 unreachable: the node keeps accepting and sealing, and retries L1 with backoff";
const REACHABLE = "L1 reachable again";

/** Transfers sent during an outage, each awaited sealed before the next: sealing never waits for L1. */
async function sealDuring(count: number): Promise<string[]> {
  const hashes: string[] = [];
  for (let i = 0; i < count; i++) {
    const hash = await f.transfer(1, to);
    await f.waitSealed([hash], 20_000);
    hashes.push(hash);
  }
  return hashes;
}

async function allFinalized(hashes: string[]): Promise<void> {
  await f.waitUntil("every transaction finalized", () => hashes.every((hash) => {
    const stored = f.node.reader.transaction(Buffer.from(hash.slice(2), "hex"));
    return stored !== undefined && f.node.reader.batch(stored.batch)?.status === "finalized";
  }), 90_000);
}

test("default: one of two --l1-rpc URLs refusing is no outage: requests fail over, nothing is reported unreachable", { timeout: 120_000 }, async () => {
  await f.proxies[0]!.set("refuse");
  try {
    const hashes = await sealDuring(2);
    await allFinalized(hashes);
    assert.equal(f.count(UNREACHABLE), 0);
    assert.ok(f.count("L1 RPC failed over") >= 1, "the failover is logged");
  } finally {
    await f.proxies[0]!.set("forward");
  }
});

for (const mode of ["refuse", "hang", "reset"] as FaultMode[]) {
  test(`behavior: L1 ${mode === "refuse" ? "refusing connections" : mode === "hang" ? "hanging" : "resetting every connection"} for a few seconds: sealing goes on, one "unreachable" and one "reachable again", then everything is committed and finalized`, { timeout: 180_000 }, async () => {
    const [unreachableBefore, reachableBefore] = [f.count(UNREACHABLE), f.count(REACHABLE)];
    const committedBefore = f.node.reader.latestSealed() ?? 0;
    for (const proxy of f.proxies) await proxy.set(mode);
    let hashes: string[];
    try {
      await f.waitUntil("the outage noticed", () => f.count(UNREACHABLE) > unreachableBefore, 40_000);
      hashes = await sealDuring(3);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      assert.equal(f.count(UNREACHABLE), unreachableBefore + 1, "said once, however many requests failed");
      assert.equal(f.count(REACHABLE), reachableBefore);
    } finally {
      for (const proxy of f.proxies) await proxy.set("forward");
    }
    await allFinalized(hashes);
    assert.equal(f.count(REACHABLE), reachableBefore + 1, "reachable again, once");
    assert.equal(f.count(UNREACHABLE), unreachableBefore + 1);
    assert.ok((f.node.reader.latestSealed() ?? 0) > committedBefore);
    assert.ok(!f.logs.some((line) => line.level === 60), "nothing fatal");
    const metrics = await f.node.metrics.registry.metrics();
    assert.match(metrics, /^loft_l1_requests_total\{outcome="unreachable"\} [1-9]/m);
    assert.match(metrics, /^loft_l1_reachable 1$/m);
  });
}

test("behavior: a node restarted while L1 is down serves at once and catches up when L1 returns", { timeout: 180_000 }, async () => {
  for (const proxy of f.proxies) await proxy.set("refuse");
  let hashes: string[];
  try {
    const ms = await f.restart();
    assert.ok(ms < 60_000);
    hashes = await sealDuring(2);
  } finally {
    for (const proxy of f.proxies) await proxy.set("forward");
  }
  await allFinalized(hashes);
  const metrics = await f.node.metrics.registry.metrics();
  for (const name of ["process_cpu_seconds_total", "nodejs_eventloop_lag_seconds", "loft_batch_height{status=\"finalized\"}", "loft_l1_commit_outcomes_total{outcome=\"confirmed\"}", "loft_l1_gas_used_total", "loft_l1_fees_wei_total", "loft_l1_poster_balance_wei"]) {
    assert.ok(metrics.includes(`\n${name}`), `/metrics has ${name}`);
  }
});
