/**
 * A follower rebuilds the rollup from L1 alone and agrees with the sequencer on every batch and
 * account after mixed load; it resumes after a restart and after kill -9; it stops at exactly the batch a forged
 * commit put on L1, naming the field.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Contract, JsonRpcProvider, Wallet, hexlify, parseEther, toQuantity } from "ethers";
import { standardDevKeys } from "../../sequencer/genesis/dev-keys.ts";
import { loadRollupArtifact } from "../../sequencer/l1/rollup-abi.ts";
import { domainSeparator, loftDomain, transactionDigest } from "../../sequencer/protocol/eip712.ts";
import { signWithKey } from "../../sequencer/protocol/client-signing.ts";
import { signDigest } from "../../sequencer/protocol/signature.ts";
import { Transaction, TxKind } from "../../sequencer/protocol/ssz-types.ts";
import { startFollower, type RunningFollower } from "../../sequencer/follower/start-follower.ts";
import { runFollower } from "../../sequencer/follower/run-follower.ts";
import { resolveNodeConfig } from "../../sequencer/config/node-config.ts";
import pino from "pino";
import { RpcClient, startDevnetNode, type NodeFixture } from "../node/node-fixture.ts";
import { startNodeProcess } from "../node/node-process.ts";
import { freePort } from "../../sequencer/devnet/free-port.ts";
import { commitForgedBatch, commitForgedBatches } from "./forge-batch.ts";

let f: NodeFixture;
const dirs: string[] = [];
const keys = standardDevKeys();

before(async () => {
  // batches sealed within 3 s of each other share a commit: the load below seals one every few hundred ms
  f = await startDevnetNode({ "batch-interval-ms": "100", "max-commit-delay": "3000" });
});
after(async () => {
  await f?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function follow(): Promise<RunningFollower> {
  const dataDir = mkdtempSync(join(tmpdir(), "loft-follower-"));
  dirs.push(dataDir);
  return startFollower({ l1Rpc: f.l1.rpcUrl, rollup: f.l1.rollup, dataDir, confirmations: 1, devAccounts: 0, signatureWorkers: 1 });
}

/** A correctly signed transfer of 1 wei from dev account `k`, which never sent anything before (nonce 0). */
function honestTransfer(k: number): Uint8Array {
  const separator = domainSeparator(loftDomain(31337n, f.l1.rollup));
  const fields = { kind: TxKind.transfer, to: new Uint8Array(20).fill(k), amount: 1n, fee: 0n, nonce: 0 } as const;
  const from = new Uint8Array(Buffer.from(new Wallet(hexlify(keys[k]!)).address.slice(2), "hex"));
  return Transaction.serialize({ ...fields, from, signature: signDigest(transactionDigest(separator, fields), keys[k]!) });
}

async function catchUp(running: RunningFollower, batch: number) {
  const deadline = Date.now() + 30_000;
  while (running.follower.head.number < batch && !running.follower.mismatch) {
    if (Date.now() > deadline) throw new Error(`follower at ${running.follower.head.number}, expected ${batch}`);
    await running.follower.poll();
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A fee the node takes for any transaction of these tests: twice its loft_estimateFee for the
 * dearest of them (a transfer creating an account; the L1 price may move before the send), rounded
 * up to two significant digits (so that the fee itself stays short in the batch data).
 */
async function feeFor(client: RpcClient): Promise<bigint> {
  const fresh = Wallet.createRandom().address;
  const estimates = await Promise.all([
    client.call<{ fee: string }>("loft_estimateFee", [{ type: "transfer", to: fresh, amount: toQuantity(parseEther("1")) }]),
    client.call<{ fee: string }>("loft_estimateFee", [{ type: "withdraw", recipient: fresh, amount: toQuantity(parseEther("1")) }]),
  ]);
  const fee = 2n * estimates.map(({ fee }) => BigInt(fee)).reduce((a, b) => (a > b ? a : b));
  const unit = 10n ** BigInt(Math.max(0, fee.toString().length - 2));
  return ((fee + unit - 1n) / unit) * unit;
}

async function mixedLoad(round: number) {
  const client = await RpcClient.open(f.node.url);
  const provider = new JsonRpcProvider(f.l1.rpcUrl, undefined, { staticNetwork: true });
  try {
    const separator = domainSeparator(loftDomain(31337n, f.l1.rollup));
    const fresh = Array.from({ length: 5 }, () => Wallet.createRandom().address);
    const fee = await feeFor(client);
    const refused = client.call("loft_sendTransaction", [signWithKey(keys[12]!, separator, { type: "transfer", to: fresh[0]!, amount: parseEther("50000"), fee: 0n, nonce: 0 })]).catch(() => "refused: more than the balance");
    const hashes: string[] = [];
    for (let n = round * 6; n < round * 6 + 6; n++) {
      // one wave per nonce, sealed before the next: several batches a few hundred ms apart, which share commits
      const wave = await Promise.all([1, 2, 3, 4].map((k) => {
        const to = n % 2 === 0 ? fresh[(n + k) % fresh.length]! : new Wallet(hexlify(keys[k + 1]!)).address;
        const request = n % 6 === 5 ? { type: "withdraw" as const, recipient: to, amount: 10n ** 15n, fee, nonce: n } : { type: "transfer" as const, to, amount: BigInt(n * 1000 + k) * 10n ** 12n, fee, nonce: n };
        return client.call<string>("loft_sendTransaction", [signWithKey(keys[k]!, separator, request)]);
      }));
      await sealed(client, wave);
      hashes.push(...wave);
    }
    await refused;
    if (round > 0) return await settle(client, hashes, "0x2");
    const rollup = new Contract(f.l1.rollup, loadRollupArtifact().abi, new Wallet(hexlify(keys[13]!), provider));
    await (await rollup.getFunction("deposit")(fresh[4]!, { value: parseEther("1") })).wait();
    await (await (rollup.connect(new Wallet(hexlify(keys[14]!), provider)) as Contract).getFunction("requestFullExit")()).wait();
    return await settle(client, hashes, "0x2");
  } finally {
    client.close();
    provider.destroy();
  }
}

/** Waits until every one of `hashes` is sealed (or rejected): its own status, not "the latest batch changed". */
async function sealed(client: RpcClient, hashes: string[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (const hash of hashes) {
    while ((await client.call<{ status: string }>("loft_getTransaction", [hash])).status === "accepted") {
      if (Date.now() > deadline) throw new Error(`${hash} not sealed in 10 s`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

/**
 * Waits until the round's transactions and both queue messages are in batches committed on L1, and
 * returns the last of those batches. Race-free: the transactions' batches are read first, then one
 * header; `latest` is that header's own number (its cumulative queueCount counts both queue
 * messages, and each transaction's batch is at or before it), and its commit is checked on that
 * very number. Batches are only ever added and statuses only move forward, so a batch sealed
 * between two reads can make the loop go round once more but never return a batch that misses
 * part of the round. (Reading the latest number before the nonce returned the batch before the
 * round's last one when that was sealed in between.)
 */
async function settle(client: RpcClient, hashes: string[], queueCount: string): Promise<number> {
  const deadline = Date.now() + 30_000;
  const sealed = new Set(["sealed", "committed", "finalized"]);
  for (;;) {
    const txs = await Promise.all(hashes.map((hash) => client.call<{ status: string; batch?: string } | null>("loft_getTransaction", [hash])));
    const header = await client.call<Record<string, string> | null>("loft_getBatch", ["latest"]);
    if (header && header.queueCount === queueCount && txs.every((tx) => tx && sealed.has(tx.status) && Number(tx.batch) <= Number(header.number))) {
      const latest = Number(header.number);
      const status = f.node.reader.batch(latest)?.status;
      if (status === "committed" || status === "finalized") return latest;
    }
    if (Date.now() > deadline) throw new Error("the load did not settle");
    await new Promise((r) => setTimeout(r, 200));
  }
}

test("default: a follower started late agrees with the sequencer on every batch and account; a restarted one resumes", { timeout: 120_000 }, async () => {
  const halfway = await mixedLoad(0);
  const early = await follow();
  await catchUp(early, halfway);
  const startedAt = early.follower.head.number;
  await early.close(); // stops halfway; resumes below

  const latest = await mixedLoad(1);
  assert.ok(latest > halfway);
  const late = await follow();
  try {
    await catchUp(late, latest);
    assert.equal(late.follower.mismatch, undefined);
    for (let n = 1; n <= latest; n++) {
      assert.deepEqual(late.reader.batch(n)!.root, f.node.reader.batch(n)!.root, `batch ${n}`);
      // hashes (queue messages' and users', these from the signature workers) and records as the sequencer stored them
      assert.deepEqual(late.reader.batchTransactions(n, 0, 10_000), f.node.reader.batchTransactions(n, 0, 10_000), `batch ${n} transactions`);
    }
    assert.deepEqual(late.reader.allAccounts(), f.node.reader.allAccounts());
    let commits = 0;
    for (let n = 1; n <= latest; n++) {
      const commit = late.reader.batch(n)!.commit;
      assert.ok(commit && commit.firstBatch <= n && n <= commit.lastBatch, `batch ${n}'s commit is stored`);
      assert.deepEqual(commit, f.node.reader.batch(n)!.commit, `batch ${n}: the sequencer's poster stored the same commit`);
      if (commit.firstBatch === n) assert.equal(commit.index, ++commits, "commits are numbered in order from 1");
    }
    assert.ok(commits < latest, `${latest} batches in ${commits} commits: some share one`);
    const exiting = new Uint8Array(Buffer.from(new Wallet(hexlify(keys[14]!)).address.slice(2), "hex"));
    assert.equal(late.reader.withdrawalsTo(exiting, 5).length, 1, "the full exit was re-executed");
  } finally {
    await late.close();
  }
  const resumed = await startFollower({ l1Rpc: f.l1.rpcUrl, rollup: f.l1.rollup, dataDir: dirs[0]!, confirmations: 1, devAccounts: 0, signatureWorkers: 1 });
  try {
    assert.equal(resumed.follower.head.number, startedAt, "resumed from its stored head");
    await catchUp(resumed, latest);
    assert.deepEqual(resumed.reader.allAccounts(), f.node.reader.allAccounts());
  } finally {
    await resumed.close();
  }
});

test("behavior: loft follow serves what it verified, read-only", { timeout: 60_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "loft-follower-"));
  dirs.push(dataDir);
  const config = resolveNodeConfig({ "l1-rpc": f.l1.rpcUrl, rollup: f.l1.rollup, "data-dir": dataDir, port: "0", "l1-confirmations": "1", "signature-workers": "1" }, {}, "follow");
  const service = await runFollower(config, pino({ level: "silent" }));
  const client = await RpcClient.open(service.url);
  try {
    const latest = f.node.latestBatch();
    const deadline = Date.now() + 30_000;
    while (service.running.follower.head.number < latest && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await client.call("eth_blockNumber"), `0x${latest.toString(16)}`);
    const address = new Wallet(hexlify(keys[1]!)).address;
    assert.deepEqual(await client.call("loft_getAccount", [address]), await (async () => {
      const sequencer = await RpcClient.open(f.node.url);
      try {
        return await sequencer.call("loft_getAccount", [address]);
      } finally {
        sequencer.close();
      }
    })());
    const separator = domainSeparator(loftDomain(31337n, f.l1.rollup));
    await assert.rejects(client.call("loft_sendTransaction", [signWithKey(keys[1]!, separator, { type: "transfer", to: address, amount: 1n, fee: 0n, nonce: 99 })]), (e: unknown) => (e as { code: number }).code === -32020 && /follower/.test((e as Error).message));
    const http = `http://127.0.0.1:${service.server.port}`;
    const stats = (await (await fetch(`${http}/api/stats`)).json()) as { follower: { verifiedBatch: number; mismatch: unknown }; batches: number };
    assert.deepEqual(stats.follower, { verifiedBatch: latest, mismatch: null, frozen: null });
    assert.equal(stats.batches, latest);
    // committed once verified, then finalized once L1 time passes its challenge window (3 s here), as on the sequencer
    const status = async () => ((await (await fetch(`${http}/api/batches/${latest}`)).json()) as { status: string }).status;
    assert.ok(["committed", "finalized"].includes(await status()));
    const until = Date.now() + 30_000;
    while ((await status()) !== "finalized" && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    assert.equal(await status(), "finalized");
    assert.match(await (await fetch(`${http}/metrics`)).text(), new RegExp(`loft_follower_verified_batch ${latest}`));
  } finally {
    client.close();
    await service.stop();
  }
});

test("behavior: a follower killed with SIGKILL resumes from its data dir and agrees with the sequencer", { timeout: 120_000 }, async (t) => {
  // many small batches, so that the kill lands in the middle of the replay
  const client = await RpcClient.open(f.node.url);
  try {
    const separator = domainSeparator(loftDomain(31337n, f.l1.rollup));
    const sender = new Wallet(hexlify(keys[16]!)).address;
    // each transfer waits for its own batch (not for "the latest batch changed": a batch sealed just before the send would end the wait early)
    const start = Number(await client.call<string>("eth_getTransactionCount", [sender, "pending"]));
    const fee = await feeFor(client);
    for (let nonce = start; nonce < start + 24; nonce++) {
      const hash = await client.call<string>("loft_sendTransaction", [signWithKey(keys[16]!, separator, { type: "transfer", to: new Wallet(hexlify(keys[17]!)).address, amount: 1n, fee, nonce })]);
      await sealed(client, [hash]);
    }
  } finally {
    client.close();
  }
  const dataDir = mkdtempSync(join(tmpdir(), "loft-follower-"));
  dirs.push(dataDir);
  const latest = f.node.latestBatch();
  const port = await freePort();
  const child = await startNodeProcess(["follow", "--l1-rpc", f.l1.rpcUrl, "--rollup", f.l1.rollup, "--data-dir", dataDir, "--port", String(port), "--l1-confirmations", "1", "--signature-workers", "1", "--log-level", "warn"]);
  let verifiedBeforeKill = 0;
  try {
    const deadline = Date.now() + 30_000;
    while (verifiedBeforeKill < 1 && Date.now() < deadline) {
      const stats = (await (await fetch(`http://127.0.0.1:${port}/api/stats`)).json()) as { follower: { verifiedBatch: number } };
      verifiedBeforeKill = stats.follower.verifiedBatch;
      if (verifiedBeforeKill < 1) await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    assert.equal(await child.kill("SIGKILL"), null, "killed, not exited");
  }
  assert.ok(verifiedBeforeKill >= 1, `the follower verified nothing in 30 s:\n${child.output().slice(-2000)}`);
  t.diagnostic(`killed after it reported batch ${verifiedBeforeKill} of ${latest} verified`);
  const resumed = await startFollower({ l1Rpc: f.l1.rpcUrl, rollup: f.l1.rollup, dataDir, confirmations: 1, devAccounts: 0, signatureWorkers: 1 });
  try {
    assert.ok(resumed.follower.head.number >= verifiedBeforeKill, `resumed at ${resumed.follower.head.number}, below the ${verifiedBeforeKill} it reported verified`);
    await catchUp(resumed, latest);
    assert.equal(resumed.follower.mismatch, undefined);
    for (let n = 1; n <= latest; n++) assert.deepEqual(resumed.reader.batch(n)!.root, f.node.reader.batch(n)!.root, `batch ${n}`);
    assert.deepEqual(resumed.reader.allAccounts(), f.node.reader.allAccounts());
  } finally {
    await resumed.close();
  }
});

test("behavior: a forged state root or a forged transaction is detected at exactly that batch", { timeout: 120_000 }, async () => {
  await f.node.stop(); // the operator goes rogue: nothing honest is posted from here on
  const provider = new JsonRpcProvider(f.l1.rpcUrl, undefined, { staticNetwork: true });
  const honest = await follow(); // its verified storage is what the forger builds on
  try {
    await provider.send("hardhat_mine", ["0x2"]);
    await honest.follower.poll();
    const snapshot = await provider.send("evm_snapshot", []);
    // a batch of one honest transfer (the contract refuses an empty batch) with a made-up state root
    const wrongRoot = await commitForgedBatch(f.l1.rpcUrl, f.l1.rollup, f.l1.sequencerKey, honest.reader, { transactions: honestTransfer(18), stateRoot: new Uint8Array(32).fill(7) });
    const observedDir = mkdtempSync(join(tmpdir(), "loft-follower-"));
    dirs.push(observedDir);
    const observed = await runFollower(resolveNodeConfig({ "l1-rpc": f.l1.rpcUrl, rollup: f.l1.rollup, "data-dir": observedDir, port: "0", "l1-confirmations": "1", "signature-workers": "1" }, {}, "follow"), pino({ level: "silent" }));
    try {
      const deadline = Date.now() + 30_000;
      while (!observed.running.follower.mismatch && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const http = `http://127.0.0.1:${observed.server.port}`;
      const stats = (await (await fetch(`${http}/api/stats`)).json()) as { follower: { verifiedBatch: number; mismatch: { batch: number; field: string } } };
      assert.deepEqual([stats.follower.verifiedBatch, stats.follower.mismatch.batch, stats.follower.mismatch.field], [wrongRoot - 1, wrongRoot, "stateRoot"]);
      assert.match(await (await fetch(`${http}/metrics`)).text(), new RegExp(`loft_follower_mismatch_batch\\{field="stateRoot"\\} ${wrongRoot}`));
      assert.equal((await fetch(`${http}/readyz`)).status, 503);
    } finally {
      await observed.stop();
    }
    const first = await follow();
    try {
      await catchUp(first, wrongRoot);
      assert.deepEqual(first.follower.mismatch && [first.follower.mismatch.batch, first.follower.mismatch.field], [wrongRoot, "stateRoot"]);
      assert.equal(first.follower.head.number, wrongRoot - 1, "the trusted head stays before the forged batch");
      assert.deepEqual(first.reader.allAccounts(), honest.reader.allAccounts(), "it keeps serving the verified state");
      assert.equal(first.core.state.count, honest.core.state.count, "the forged batch left no trace in its state");
    } finally {
      await first.close();
    }
    await provider.send("evm_revert", [snapshot]);

    // a transfer from account 1 that account 2 signed, with every root honestly computed from it:
    // the data decodes and executes; only the signature check can catch it
    const separator = domainSeparator(loftDomain(31337n, f.l1.rollup));
    const victim = new Uint8Array(Buffer.from(new Wallet(hexlify(keys[1]!)).address.slice(2), "hex"));
    const nonce = 12; // account 1's next nonce after two rounds of load
    const fields = { kind: TxKind.transfer, to: new Uint8Array(20).fill(9), amount: parseEther("1"), fee: 0n, nonce } as const;
    const record = Transaction.serialize({ ...fields, from: victim, signature: signDigest(transactionDigest(separator, fields), keys[2]!) });
    // followed by a batch with a wrong state root: the follower executes later batches while the
    // signatures of earlier ones are recovered, yet the first bad batch is the one it names
    const [forgedTx] = await commitForgedBatches(f.l1.rpcUrl, f.l1.rollup, f.l1.sequencerKey, honest.reader, [{ transactions: record }, { transactions: honestTransfer(19), stateRoot: new Uint8Array(32).fill(7) }]);
    const second = await follow();
    try {
      await catchUp(second, forgedTx!);
      assert.deepEqual(second.follower.mismatch && [second.follower.mismatch.batch, second.follower.mismatch.field], [forgedTx, "signature"]);
      assert.match(second.follower.mismatch!.detail, /not by its sender/);
      assert.equal(second.follower.head.number, forgedTx! - 1);
      assert.deepEqual(second.reader.allAccounts(), honest.reader.allAccounts(), "neither forged batch left a trace");
      assert.equal(second.core.state.count, honest.core.state.count);
    } finally {
      await second.close();
    }
  } finally {
    await honest.close();
    provider.destroy();
  }
});
