/**
 * One repetition of bench:challenge, between an L1 snapshot and its revert: a challenging follower
 * (`loft follow --challenge`, from L1 alone, test/fraud/attack-devnet.ts startChallenger) is started
 * and left to catch up with L1 first; then, after a random 0–1 s pause (so that the forgery lands at
 * any phase of the follower's 1 s poll), a forged batch is committed with the sequencer's key and
 * three moments are recorded — the forged commit (its L1 block, and the wall clock when its receipt
 * was in hand), the follower first reading it (its `mismatch` appearing, sampled every 5 ms, with
 * the L1 head at that moment), and the proof (its receipt's L1 block, and the challenger's report
 * time in /api/stats). Nothing is added to the follower: its state and stats are only read.
 */
import { FRAUD_KIND_NAMES } from "../../sequencer/fraud/batch-proof-search.ts";
import { committedBatchesOf } from "../../sequencer/fraud/challenger-evidence.ts";
import type { FraudKind } from "../../sequencer/fraud/fraud-inputs.ts";
import { provenFraudOf } from "../../sequencer/fraud/challenger-send.ts";
import { commitForgedBatch, type Forgery } from "../../test/follower/forge-batch.ts";
import { challengerStats, fundedWallet, startChallenger, waitFor, type AttackDevnet, type Challenging } from "../../test/fraud/attack-devnet.ts";

/** The follower's stored L1 cursor (sequencer/follower/follower.ts CURSOR_KEY): the next block it reads. */
const FOLLOWER_CURSOR_KEY = "followerCursor";
const SAMPLE_MS = 5;
/** The follower's L1 poll period (sequencer/follower/run-follower.ts). */
export const POLL_MS = 1_000;

export interface ChallengeSample {
  forgery: string;
  kind: string;
  batch: number;
  commitBlock: number;
  seenBlock: number;
  proofBlock: number;
  /** Wall clock, ms: the commit's receipt in hand → the mismatch seen → the proof's report. */
  commitToSeenMs: number;
  seenToProofMs: number;
  commitToProofMs: number;
}

export interface ChallengeCase {
  name: string;
  make(d: AttackDevnet): Forgery;
  kind: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `c` once, inside evm_snapshot / evm_revert, the challenger reading L1 with `confirmations`;
 * every wait is bounded by `timeoutMs` and ends when `signal` aborts.
 */
export async function measureChallenge(d: AttackDevnet, c: ChallengeCase, options: { timeoutMs: number; confirmations: number; signal: AbortSignal }): Promise<ChallengeSample> {
  const { timeoutMs, signal } = options;
  const { provider, f } = d;
  const snapshot = await provider.send("evm_snapshot", []);
  let challenger: Challenging | undefined;
  const watch = { stop: false };
  try {
    const prover = await fundedWallet(provider);
    challenger = await startChallenger(f.l1, prover.privateKey, { "l1-confirmations": String(options.confirmations) });
    const { follower, store } = challenger.service.running;
    const from = await provider.getBlockNumber();
    await waitFor("the challenger caught up with L1", () => {
      signal.throwIfAborted();
      if (follower.mismatch) throw new Error(`the challenger stopped at ${JSON.stringify(follower.mismatch)} before the forgery`);
      const cursor: number | undefined = store.buckets.meta.get(FOLLOWER_CURSOR_KEY);
      return follower.head.number === d.lastHonest && cursor !== undefined && cursor > from ? true : undefined;
    }, timeoutMs);
    // caught up is seen right after a poll: without this the commit would land at the same phase of the 1 s poll every time
    await sleep(Math.random() * POLL_MS);

    // sampled from before the commit is sent: the follower may read it before its receipt is back here
    const seen = (async () => {
      const deadline = Date.now() + timeoutMs;
      while (!watch.stop && !signal.aborted && Date.now() < deadline) {
        if (follower.mismatch) return { at: Date.now(), block: await provider.getBlockNumber() };
        await sleep(SAMPLE_MS);
      }
      return undefined;
    })().catch(() => undefined);
    const batch = await commitForgedBatch(f.l1.rpcUrl, f.l1.rollup, f.l1.sequencerKey, d.honest.reader, c.make(d));
    const committedAt = Date.now();
    const commitBlock = (await committedBatchesOf(provider, f.l1.rpcUrl, f.l1.rollup, batch, f.l1.deployBlock)).find((b) => b.number === batch)!.l1Block;

    const service = challenger.service;
    const report = await waitFor(`the challenger's proof of batch ${batch}`, async () => {
      signal.throwIfAborted();
      const p = (await challengerStats(service)).proofs[0];
      if (p && p.status !== "proven") throw new Error(`the challenger did not prove batch ${batch}: ${JSON.stringify(p)}`);
      return p;
    }, timeoutMs);
    const saw = await seen;
    if (!saw) throw new Error(`the follower's mismatch at batch ${batch} was never seen`);
    if (follower.mismatch?.batch !== batch) throw new Error(`the follower stopped at ${JSON.stringify(follower.mismatch)}, not batch ${batch}`);
    const receipt = (await provider.getTransactionReceipt(report.l1TxHash!))!;
    const proven = provenFraudOf(receipt.logs, f.l1.rollup);
    const kind = proven ? FRAUD_KIND_NAMES[proven.kind as FraudKind] : undefined;
    if (proven?.batch !== batch || kind !== c.kind) throw new Error(`expected ${c.kind} of batch ${batch}, L1 says ${JSON.stringify(proven && { batch: proven.batch, kind })}`);
    const provenAt = Date.parse(report.at);
    return {
      forgery: c.name, kind, batch, commitBlock, seenBlock: saw.block, proofBlock: receipt.blockNumber,
      commitToSeenMs: saw.at - committedAt, seenToProofMs: provenAt - saw.at, commitToProofMs: provenAt - committedAt,
    };
  } finally {
    watch.stop = true;
    await challenger?.stop();
    await provider.send("evm_revert", [snapshot]);
  }
}
