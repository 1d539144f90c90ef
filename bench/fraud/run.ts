/**
 * `npm run bench:challenge`: how soon a challenger on the devnet proves a forged batch (target:
 * within 2 L1 blocks of seeing it). The attack devnet of test/fraud/attack-devnet.ts (a Hardhat L1
 * mining a block every second and on every transaction, automine; honest batches made final, the
 * operator stopped); then, per repetition inside evm_snapshot / evm_revert, a challenging follower
 * already running and caught up (`loft follow --challenge`: L1 polled every 1,000 ms, with
 * --l1-confirmations 1 as in the e2e tests, i.e. it reads up to the latest block) before a forgery
 * is committed with the sequencer's key: a made-up state root and a transaction signed by another key.
 * Options: --reps N (per forgery, default 5), --confirmations N (the follower's --l1-confirmations,
 * default 1; `loft follow`'s own default is 2), --timeout-s S (each wait, default 60), --total-s S
 * (no repetition starts after this, default 900). JSON in bench/results/challenge.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { startAttackDevnet } from "../../test/fraud/attack-devnet.ts";
import { randomRoot, signedTransfer } from "../../test/fraud/attack-run.ts";
import { percentile } from "../tps/percentile.ts";
import { nodeCommit } from "../tps/tps-bench.ts";
import { POLL_MS, measureChallenge, type ChallengeCase, type ChallengeSample } from "./challenge-latency.ts";

const { values } = parseArgs({ options: { reps: { type: "string", default: "5" }, confirmations: { type: "string", default: "1" }, "timeout-s": { type: "string", default: "60" }, "total-s": { type: "string", default: "900" } } });
const REPS = Number(values.reps);
const CONFIRMATIONS = Number(values.confirmations);
const TIMEOUT_MS = Number(values["timeout-s"]) * 1000;
const DEADLINE = Date.now() + Number(values["total-s"]) * 1000;
const TARGET_BLOCKS = 2;

const cases: ChallengeCase[] = [
  { name: "made-up stateRoot", kind: "StateRoot", make: (d) => ({ transactions: signedTransfer(d, 9), stateRoot: randomRoot() }) },
  { name: "transfer signed by another key", kind: "BadSignature", make: (d) => ({ transactions: signedTransfer(d, 10, { signer: 11, amount: 10n ** 18n }) }) },
];

const loadBefore = loadavg();
const samples: ChallengeSample[] = [];
// Ctrl-C ends the repetition under way (its challenger stopped, L1 reverted) and closes the devnet; the Hardhat child is killed on exit in any case
const interrupt = new AbortController();
process.once("SIGINT", () => {
  setTimeout(() => process.exit(130), 15_000).unref();
  interrupt.abort(new Error("interrupted (SIGINT)"));
});
const d = await startAttackDevnet(2);
try {
  for (let r = 0; r < REPS; r++) {
    for (const c of cases) {
      interrupt.signal.throwIfAborted();
      if (Date.now() > DEADLINE) throw new Error(`--total-s ${values["total-s"]} passed after ${samples.length} repetitions`);
      const s = await measureChallenge(d, c, { timeoutMs: TIMEOUT_MS, confirmations: CONFIRMATIONS, signal: interrupt.signal });
      samples.push(s);
      console.error(`${c.name} #${r + 1}: commit block ${s.commitBlock}, seen at ${s.seenBlock}, proof in ${s.proofBlock}; ${s.commitToProofMs} ms`);
    }
  }
} finally {
  await d.close();
}

const range = (xs: number[]) => `${Math.min(...xs)}–${Math.max(...xs)} (median ${percentile(xs.slice().sort((a, b) => a - b), 50)})`;
console.log(`bench:challenge (node code ${nodeCommit()}): Hardhat devnet L1 (a block every second and on every transaction, automine); follower polls L1 every ${POLL_MS.toLocaleString("en-US")} ms with ${CONFIRMATIONS} confirmation(s); ${availableParallelism()} cores, load average ${loadBefore.map((l) => l.toFixed(1)).join(" ")} before, ${loadavg().map((l) => l.toFixed(1)).join(" ")} after`);
console.table(samples.map((s) => ({
  forgery: s.forgery, kind: s.kind, "commit block": s.commitBlock, "seen at block": s.seenBlock, "proof block": s.proofBlock,
  "blocks commit→proof": s.proofBlock - s.commitBlock, "blocks seen→proof": s.proofBlock - s.seenBlock,
  "ms commit→seen": s.commitToSeenMs, "ms seen→proof": s.seenToProofMs, "ms commit→proof": s.commitToProofMs,
})));
const summary = Object.fromEntries(cases.map((c) => {
  const of = samples.filter((s) => s.forgery === c.name);
  return [c.name, {
    reps: of.length,
    blocksCommitToProof: range(of.map((s) => s.proofBlock - s.commitBlock)), blocksSeenToProof: range(of.map((s) => s.proofBlock - s.seenBlock)),
    msCommitToSeen: range(of.map((s) => s.commitToSeenMs)), msSeenToProof: range(of.map((s) => s.seenToProofMs)), msCommitToProof: range(of.map((s) => s.commitToProofMs)),
  }];
}));
console.table(summary);
const worst = Math.max(...samples.map((s) => s.proofBlock - s.seenBlock));
console.log(`target (proven within ${TARGET_BLOCKS} L1 blocks of being seen): ${worst <= TARGET_BLOCKS ? "met" : "NOT met"} in ${samples.filter((s) => s.proofBlock - s.seenBlock <= TARGET_BLOCKS).length}/${samples.length} (worst ${worst})`);
const result = {
  bench: "challenge", date: new Date().toISOString(), commit: nodeCommit(), cores: availableParallelism(), loadAverageBefore: loadBefore, loadAverageAfter: loadavg(),
  l1: "Hardhat devnet: a block every 1,000 ms and on every transaction (automine)", followerPollMs: POLL_MS, confirmations: CONFIRMATIONS, targetBlocks: TARGET_BLOCKS,
  samples, summary,
};
mkdirSync(new URL("../results/", import.meta.url), { recursive: true });
writeFileSync(new URL("../results/challenge.json", import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
console.log("JSON: bench/results/challenge.json");
