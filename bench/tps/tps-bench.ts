/**
 * One TPS load test, end to end: a devnet node (or --url), the signed workload from the cache,
 * the load, CPU of the node, its L1 and the generator over the send window, the signature-check
 * ceiling with the same worker count, and the L1 cost of the batches posted.
 */
import { execFileSync } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import { domainSeparator, loftDomain } from "../../sequencer/protocol/eip712.ts";
import { analyzeRun, type RunFigures } from "./analyze-run.ts";
import { startDevnet, type DevnetProcess } from "./devnet-process.ts";
import { sendTransactionRequest } from "./json-request.ts";
import { measureL1Cost, type L1Cost } from "./l1-cost.ts";
import { runLoad } from "./load-run.ts";
import { NodeRpc } from "./node-rpc.ts";
import { coreShare, cpuSeconds } from "./proc-cpu.ts";
import { progressBar } from "./progress-bar.ts";
import { measureRecoveryCeiling } from "./signature-ceiling.ts";
import { sampleMemory, type MemoryFigures } from "./proc-memory.ts";
import { loadSignedWorkload } from "./signed-workload.ts";
import type { TpsOptions } from "./tps-options.ts";

export interface TpsResult {
  bench: "tps";
  date: string;
  conditions: { node: string; cores: number; loadAverageBefore: number[]; loadAverageAfter: number[]; commit: string };
  options: Omit<TpsOptions, "workload"> & { workload: TpsOptions["workload"] };
  workload: { cachePath: string; signedNow: boolean; prepareMs: number };
  figures: RunFigures;
  generatorBehind: number;
  cpu: { node: number; l1: number; generator: number };
  /** The node's resident memory over the send window (absent with --url and no --node-pid). */
  nodeMemory?: MemoryFigures;
  ceiling: { perSecond: number; rounds: number[]; workers: number; sealedShare: number };
  l1: L1Cost | { error: string };
}

/** The commit the node ran from, with "+changes" when sequencer/ had uncommitted edits (the tree is shared). */
export function nodeCommit(): string {
  try {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: new URL("../../", import.meta.url), encoding: "utf8" }).trim();
    return `${git("rev-parse", "--short", "HEAD")}${git("status", "--porcelain", "--", "sequencer", "assembly") ? "+changes" : ""}`;
  } catch {
    return "unknown";
  }
}

interface Domain {
  chainId: string;
  verifyingContract: string;
}

export async function runTpsBench(options: TpsOptions, log: (line: string) => void = console.error): Promise<TpsResult> {
  const loadAverageBefore = loadavg();
  const commit = nodeCommit();
  let devnet: DevnetProcess | undefined;
  let rpc: NodeRpc | undefined;
  try {
    if (!options.url) {
      log(`starting a devnet with ${options.workload.accounts.toLocaleString("en-US")} load-test accounts…`);
      devnet = await startDevnet({ devAccounts: options.workload.accounts, signatureWorkers: options.signatureWorkers, flags: options.loftFlags, nodeFlags: options.nodeFlags, ...(options.nodeEnv ? { env: options.nodeEnv } : {}) });
    }
    const url = options.url ?? devnet!.url;
    const l1RpcUrl = options.l1Rpc ?? devnet?.l1RpcUrl;
    rpc = await NodeRpc.open(url);
    const domain = (await rpc.call<{ domain: Domain } & Domain>("loft_getDomain")) as { domain?: Domain } & Partial<Domain>;
    const { chainId, verifyingContract } = (domain.domain ?? domain) as Domain;
    const separator = domainSeparator(loftDomain(BigInt(chainId), verifyingContract));
    const prepareStart = performance.now();
    const workload = await loadSignedWorkload(options.workload, separator);
    const requests = options.mode !== "binary" ? Array.from({ length: workload.count }, (_, i) => sendTransactionRequest(workload.records, i)) : undefined;
    const prepareMs = performance.now() - prepareStart;
    log(`workload: ${workload.count.toLocaleString("en-US")} txs ${workload.signedNow ? "signed now" : "from the cache"} (${(prepareMs / 1000).toFixed(1)} s, not timed): ${workload.cachePath}`);
    const firstBatch = Number((await rpc.call<{ number: string } | null>("loft_getBatch", ["latest"]))?.number ?? 0) + 1;

    const pids = { node: devnet?.pid ?? options.nodePid, l1: devnet?.l1Pid };
    const read = () => ({ node: pids.node ? cpuSeconds(pids.node) : NaN, l1: pids.l1 ? cpuSeconds(pids.l1) : NaN, generator: cpuSeconds("self"), at: performance.now() });
    const before = read();
    let after = before;
    const memory = pids.node ? sampleMemory(pids.node) : undefined;
    const progress = progressBar(options.durationMs);
    const run = await runLoad(workload, requests, {
      url, mode: options.mode, connections: options.connections, rate: options.rate, durationMs: options.durationMs,
      frameTxs: options.frameTxs, window: options.window, maxInFlightTxs: options.maxInFlightTxs, warmupTxs: options.warmupTxs, drainTimeoutMs: 60_000, onTick: progress,
      onSendEnd: () => {
        after = read();
        memory?.stop();
      },
    });
    progress.done();
    const wall = (after.at - before.at) / 1000;
    const cpu = { node: coreShare(before.node, after.node, wall), l1: coreShare(before.l1, after.l1, wall), generator: coreShare(before.generator, after.generator, wall) };
    const figures = analyzeRun(run.tracker, workload.expect, { startedAt: run.startedAt, sendEndedAt: run.sendEndedAt, warmupShare: options.warmupShare });
    log(`sent for ${figures.sendSeconds.toFixed(1)} s; reading L1, then measuring the signature-check ceiling…`);
    let l1: L1Cost | { error: string };
    try {
      l1 = l1RpcUrl ? await measureL1Cost(rpc, l1RpcUrl, firstBatch, 60_000) : { error: "no L1 RPC URL (pass --l1-rpc with --url)" };
    } catch (error) {
      l1 = { error: (error as Error).message };
    }
    // after the node has posted its backlog (measureL1Cost waits for it), so the machine is quiet
    const ceiling = await measureRecoveryCeiling(workload, options.signatureWorkers);
    return {
      bench: "tps",
      date: new Date().toISOString(),
      conditions: { node: process.version, cores: availableParallelism(), loadAverageBefore, loadAverageAfter: loadavg(), commit },
      options,
      workload: { cachePath: workload.cachePath, signedNow: workload.signedNow, prepareMs },
      figures,
      generatorBehind: run.generatorBehind,
      cpu,
      ...(memory ? { nodeMemory: memory.result() } : {}),
      ceiling: { ...ceiling, workers: options.signatureWorkers, sealedShare: figures.sealedTpsSteady / ceiling.perSecond },
      l1,
    };
  } finally {
    rpc?.close();
    await devnet?.stop();
  }
}
