import assert from "node:assert/strict";
import { test } from "node:test";
import { percentile, summarize } from "../../bench/tps/percentile.ts";
import { niceMax, plotSvg } from "../../bench/tps/plot-svg.ts";
import { Expectation, FAR_NONCE_OFFSET, OVERDRAFT_WEI, planWorkload, seededRandom } from "../../bench/tps/workload-plan.ts";
import { splitByConnection } from "../../bench/tps/load-run.ts";

test("percentile: nearest rank", () => {
  const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(sorted, 50), 50);
  assert.equal(percentile(sorted, 99), 99);
  assert.equal(percentile(sorted, 100), 100);
  assert.equal(percentile([7], 1), 7);
  assert.ok(Number.isNaN(percentile([], 50)));
});

test("summarize: sorts numerically, max is the largest", () => {
  const s = summarize([10, 2, 300, 45]);
  assert.deepEqual(s, { count: 4, p50: 10, p90: 300, p99: 300, max: 300 });
});

test("seededRandom: same seed, same sequence, in [0, 1)", () => {
  const a = seededRandom(42);
  const b = seededRandom(42);
  for (let i = 0; i < 1000; i++) {
    const x = a();
    assert.equal(x, b());
    assert.ok(x >= 0 && x < 1);
  }
});

test("planWorkload: deterministic, nonces consecutive per sender over valid txs, invalid ones as planned", () => {
  const params = { txs: 20_000, accounts: 100, newAddressShare: 0.1, withdrawShare: 0.05, invalidShare: 0.03, seed: 7 };
  const plan = planWorkload(params);
  assert.deepEqual(planWorkload(params).map((t) => t.nonce), plan.map((t) => t.nonce));
  const next = new Array(100).fill(0);
  const counts = [0, 0, 0, 0];
  let withdrawals = 0;
  let fresh = 0;
  plan.forEach((tx, i) => {
    assert.equal(tx.sender, i % 100);
    counts[tx.expect]!++;
    if (tx.kind === 1) withdrawals++;
    if (tx.kind === 0 && tx.toAccount < 0) fresh++;
    if (tx.toAccount >= 0) assert.notEqual(tx.toAccount, tx.sender);
    if (tx.expect === Expectation.badNonce) assert.equal(tx.nonce, next[tx.sender] + FAR_NONCE_OFFSET);
    else assert.equal(tx.nonce, next[tx.sender]);
    if (tx.expect === Expectation.overdraft) assert.equal(tx.amountWei, OVERDRAFT_WEI);
    if (tx.expect === Expectation.valid) next[tx.sender]++;
  });
  const near = (n: number, share: number) => Math.abs(n / params.txs - share) < share * 0.25;
  assert.ok(near(withdrawals, 0.05), `withdrawals ${withdrawals}`);
  assert.ok(near(fresh, 0.1), `fresh ${fresh}`);
  for (const kind of [1, 2, 3]) assert.ok(near(counts[kind]!, 0.01), `kind ${kind}: ${counts[kind]}`);
});

test("splitByConnection: every tx once, a sender's txs on one connection in order", () => {
  const senders = Uint32Array.from({ length: 1000 }, (_, i) => i % 37);
  const lists = splitByConnection(senders, 4);
  assert.equal(lists.reduce((n, l) => n + l.length, 0), 1000);
  lists.forEach((list, c) => {
    for (let k = 1; k < list.length; k++) assert.ok(list[k]! > list[k - 1]!);
    for (const i of list) assert.equal(senders[i]! % 4, c);
  });
});

test("plot: niceMax and a well-formed SVG with both panels", () => {
  assert.equal(niceMax(0), 1);
  assert.equal(niceMax(7300), 10_000);
  assert.equal(niceMax(1200), 2000);
  const svg = plotSvg("t <&>", [
    { second: 0, sealed: 100, accepted: 120, sealedP50Ms: 80, sealedP99Ms: 150 },
    { second: 1, sealed: 200, accepted: 190, sealedP50Ms: Number.NaN, sealedP99Ms: Number.NaN },
  ]);
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /t &lt;&amp;>/);
  assert.equal((svg.match(/<polyline/g) ?? []).length, 4);
  assert.ok(!svg.includes("NaN"));
});

test("analyzeRun: warm-up left out, invalid ones checked against their expected reasons, steady window", async () => {
  const { TxTracker } = await import("../../bench/tps/tx-tracker.ts");
  const { analyzeRun } = await import("../../bench/tps/analyze-run.ts");
  const hashes = new Uint8Array(5 * 32).map((_, i) => Math.floor(i / 32) + 1);
  const tracker = new TxTracker(5, hashes);
  const hex = (i: number) => `0x${Buffer.from(hashes.subarray(i * 32, i * 32 + 32)).toString("hex")}`;
  tracker.submit(0, 50); // warm-up
  tracker.reply(0, 60, "accepted");
  for (const i of [1, 2, 3, 4]) tracker.submit(i, 1000);
  tracker.reply(1, 1010, "accepted");
  tracker.reply(2, 1010, "accepted");
  tracker.reply(3, 1020, "invalid params: params[0].signature: signature v must be 27 or 28, got 0");
  tracker.reply(4, 1020, "nonce too high");
  tracker.receipt(hex(1), "sealed", 1500);
  tracker.receipt(hex(2), "sealed", 2500);
  const expect = Uint8Array.from([0, 0, 0, Expectation.badSignature, Expectation.overdraft]);
  const f = analyzeRun(tracker, expect, { startedAt: 1000, sendEndedAt: 3000, warmupShare: 0.25 });
  assert.equal(f.submitted, 4);
  assert.equal(f.sealed, 2);
  assert.equal(f.sealedTpsSteady, 2 / 1.5);
  assert.equal(f.submitToSealed.max, 1500);
  assert.deepEqual(f.invalid.map((c) => [c.sent, c.refused, c.refusedWithExpectedReason]), [[0, 0, 0], [1, 1, 1], [1, 1, 0]]);
  assert.equal(f.validRefused, 0);
});

test("sampleMemory: reads this process's resident memory from /proc", async () => {
  const { sampleMemory } = await import("../../bench/tps/proc-memory.ts");
  const sampler = sampleMemory(process.pid, 10);
  await new Promise((resolve) => setTimeout(resolve, 50));
  sampler.stop();
  const figures = sampler.result();
  assert.ok(figures.samples >= 2, `${figures.samples} samples`);
  assert.ok(figures.peakRssMiB > 10 && figures.peakRssMiB >= figures.lastRssMiB, JSON.stringify(figures));
  assert.ok(figures.highWaterMiB >= figures.peakRssMiB, JSON.stringify(figures));
});

test("parseTpsOptions: --max-in-flight is passed on and checked", async () => {
  const { parseTpsOptions } = await import("../../bench/tps/tps-options.ts");
  assert.equal(parseTpsOptions([])!.maxInFlightTxs, 6_000);
  assert.equal(parseTpsOptions(["--rate", "80000", "--max-in-flight", "100000"])!.maxInFlightTxs, 100_000);
  assert.throws(() => parseTpsOptions(["--max-in-flight=-1"]), /--max-in-flight must be a non-negative number/);
});
