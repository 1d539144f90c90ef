/**
 * Follower replay speed (`npm run bench:replay`): a history of signed transfers is sealed and
 * committed to a local Hardhat L1, then a fresh follower rebuilds it from L1 alone (events,
 * calldata, signature checks on 2 workers, re-execution, LMDB writes). In the same run, the limits
 * it compares to: the signature pool's recovery rate on the same transactions with the same
 * workers, and the bare native key recovery ceiling on 2 threads; and who used the CPU during the
 * replay (follower main thread, its other threads, the Hardhat L1). The follower's start-up
 * (genesis from L1, store, its workers loading their modules: `startFollower` waits for them) is
 * timed apart from the replay and added to the time to rebuild a million transactions.
 * Env: TXS (default 20,000; 60,000 gives steadier figures), ACCOUNTS (1,000), REPLAY_WINDOW=1
 * prints the replay's window in seconds since process start, to cut a --cpu-prof profile with
 * bench/tps/profile-summary.ts DIR N FROM_S TO_S.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { loadCore } from "../../sequencer/core/index.ts";
import { startHardhatNode } from "../../sequencer/devnet/hardhat-node.ts";
import { startFollower } from "../../sequencer/follower/start-follower.ts";
import { domainSeparator, loftDomain } from "../../sequencer/protocol/eip712.ts";
import { SignaturePool } from "../../sequencer/signatures/signature-pool.ts";
import { measureRawRecoveryCeiling } from "../tps/signature-ceiling.ts";
import { cpuSplit, readCpu } from "./cpu-window.ts";
import { buildHistory } from "./history.ts";

const TXS = Number(process.env.TXS ?? 20_000);
const ACCOUNTS = Number(process.env.ACCOUNTS ?? 1_000);
const WORKERS = 2;
const CEILING_SAMPLE = 12_000;

const l1 = await startHardhatNode({ blockIntervalMs: 0 });
const dir = mkdtempSync(join(tmpdir(), "loft-replay-follower-"));
try {
  console.log(`building a history of ${TXS.toLocaleString("en-US")} transfers among ${ACCOUNTS} accounts…`);
  const history = await buildHistory(l1, ACCOUNTS, TXS);
  const separator = domainSeparator(loftDomain(history.devnet.chainId, history.devnet.rollup.address));
  const startedAt = performance.now();
  const running = await startFollower({ l1Rpc: l1.rpcUrl, rollup: history.devnet.rollup.address, dataDir: dir, confirmations: 1, devAccounts: ACCOUNTS, signatureWorkers: WORKERS });
  const startMs = performance.now() - startedAt;
  let replayMs: number;
  let cpu;
  try {
    const before = readCpu(l1.process.pid!);
    while (running.follower.head.number < history.batches && !running.follower.mismatch) await running.follower.poll();
    const after = readCpu(l1.process.pid!);
    replayMs = after.at - before.at;
    cpu = cpuSplit(before, after, TXS);
    if (process.env.REPLAY_WINDOW) console.log(`replay window ${(before.at / 1000).toFixed(2)}–${(after.at / 1000).toFixed(2)} s`);
    if (running.follower.mismatch) throw new Error(`replay stopped at a mismatch: ${JSON.stringify(running.follower.mismatch)}`);
  } finally {
    await running.close();
  }
  const pool = new SignaturePool({ separator, workers: WORKERS });
  let recoverMs: number;
  let poolCpuPerTx: number;
  try {
    await pool.recover(history.userRecords.subarray(0, 146 * 512), 512); // warm the workers
    const before = readCpu(l1.process.pid!);
    await pool.recover(history.userRecords, TXS);
    const after = readCpu(l1.process.pid!);
    recoverMs = after.at - before.at;
    poolCpuPerTx = Math.round(((after.process - before.process) * 1e6) / TXS); // the workers: the main thread only waits
  } finally {
    await pool.close();
  }
  const ceiling = await bareRecoveryCeiling(history.userRecords, separator, Math.min(TXS, CEILING_SAMPLE));
  const replayRate = (TXS * 1000) / replayMs;
  const recoverRate = (TXS * 1000) / recoverMs;
  const result = {
    transactions: TXS, batches: history.batches, accounts: ACCOUNTS + 21, workers: WORKERS,
    replayTxPerSecond: Math.round(replayRate), poolTxPerSecond: Math.round(recoverRate), bareRecoveryTxPerSecond: Math.round(ceiling.perSecond),
    replayOverPool: Number((replayRate / recoverRate).toFixed(2)), replayOverBareRecovery: Number((replayRate / ceiling.perSecond).toFixed(2)),
    followerStartSeconds: Number((startMs / 1000).toFixed(2)), millionTxRebuildSeconds: Math.round(startMs / 1000 + 1e6 / replayRate), replaySeconds: Number((replayMs / 1000).toFixed(2)), cpu, poolCpuMicrosecondsPerTx: poolCpuPerTx,
    /** The rate if the 2 cores were always busy at this CPU per transaction (all follower threads and the L1). */
    cpuBoundTxPerSecond: Math.round(2e6 / cpu.microsecondsPerTx.total),
    loadAverage: loadavg()[0], date: new Date().toISOString(),
  };
  console.table({
    "follower replay (L1 reads, signatures, execution, LMDB)": { "tx/s": result.replayTxPerSecond },
    [`signature pool alone, ${WORKERS} workers, same txs`]: { "tx/s": result.poolTxPerSecond },
    [`bare native key recovery, ${WORKERS} threads, ${Math.min(TXS, CEILING_SAMPLE).toLocaleString("en-US")} of the txs`]: { "tx/s": result.bareRecoveryTxPerSecond },
  });
  console.table({
    "follower main thread": { "cores": cpu.share.followerMainThread, "CPU µs/tx": cpu.microsecondsPerTx.followerMainThread },
    "follower other threads (signature workers, LMDB, libuv)": { "cores": cpu.share.followerOtherThreads, "CPU µs/tx": cpu.microsecondsPerTx.followerOtherThreads },
    "Hardhat L1 process": { "cores": cpu.share.l1, "CPU µs/tx": cpu.microsecondsPerTx.l1 },
    "total": { "cores": cpu.share.total, "CPU µs/tx": cpu.microsecondsPerTx.total },
  });
  console.log(`signature pool alone: ${poolCpuPerTx} µs CPU/tx; at the replay's ${cpu.microsecondsPerTx.total} µs CPU/tx, 2 fully busy cores give at most ${result.cpuBoundTxPerSecond.toLocaleString("en-US")} tx/s`);
  console.log(`replay = ${result.replayOverPool}× the pool's rate, ${result.replayOverBareRecovery}× bare recovery; follower start-up ${result.followerStartSeconds} s, so rebuilding 1M transactions ≈ ${result.millionTxRebuildSeconds} s; ${history.batches} batches; load average ${result.loadAverage?.toFixed(1)}`);
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/replay.json", `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await l1.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** Bare native recovery on the history's own digests and signatures, 2 threads (bench/tps/signature-ceiling.ts). */
async function bareRecoveryCeiling(records: Uint8Array, separator: Uint8Array, count: number) {
  const core = await loadCore();
  const digests = core.hashing.eip712Digests(separator, records.subarray(0, count * 146));
  const signatures = new Uint8Array(count * 65);
  for (let i = 0; i < count; i++) signatures.set(records.subarray(i * 146 + 81, i * 146 + 146), i * 65);
  return measureRawRecoveryCeiling(digests, signatures, WORKERS);
}
