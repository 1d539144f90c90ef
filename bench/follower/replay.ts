/**
 * Follower replay speed (`npm run bench:replay`): a history of signed transfers is sealed and
 * committed to a local Hardhat L1, then a fresh follower rebuilds it from L1 alone (events,
 * calldata, signature checks on 2 workers, re-execution, LMDB writes). In the same run, the limit it
 * compares to: the signature pool's recovery rate on the same transactions with the same workers.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { startHardhatNode } from "../../sequencer/devnet/hardhat-node.ts";
import { startFollower } from "../../sequencer/follower/start-follower.ts";
import { domainSeparator, loftDomain } from "../../sequencer/protocol/eip712.ts";
import { SignaturePool } from "../../sequencer/signatures/signature-pool.ts";
import { buildHistory } from "./history.ts";

const TXS = Number(process.env.TXS ?? 20_000);
const ACCOUNTS = Number(process.env.ACCOUNTS ?? 1_000);
const WORKERS = 2;

const l1 = await startHardhatNode({ blockIntervalMs: 0 });
const dir = mkdtempSync(join(tmpdir(), "loft-replay-follower-"));
try {
  console.log(`building a history of ${TXS.toLocaleString("en-US")} transfers among ${ACCOUNTS} accounts…`);
  const history = await buildHistory(l1, ACCOUNTS, TXS);
  const running = await startFollower({ l1Rpc: l1.rpcUrl, rollup: history.devnet.rollup.address, dataDir: dir, confirmations: 1, devAccounts: ACCOUNTS, signatureWorkers: WORKERS });
  let replayMs: number;
  try {
    const start = performance.now();
    while (running.follower.head.number < history.batches && !running.follower.mismatch) await running.follower.poll();
    replayMs = performance.now() - start;
    if (running.follower.mismatch) throw new Error(`replay stopped at a mismatch: ${JSON.stringify(running.follower.mismatch)}`);
  } finally {
    await running.close();
  }
  const pool = new SignaturePool({ separator: domainSeparator(loftDomain(history.devnet.chainId, history.devnet.rollup.address)), workers: WORKERS });
  let recoverMs: number;
  try {
    await pool.recover(history.userRecords.subarray(0, 146 * 512), 512); // warm the workers
    const start = performance.now();
    await pool.recover(history.userRecords, TXS);
    recoverMs = performance.now() - start;
  } finally {
    await pool.close();
  }
  const replayRate = (TXS * 1000) / replayMs;
  const recoverRate = (TXS * 1000) / recoverMs;
  const result = {
    transactions: TXS, batches: history.batches, accounts: ACCOUNTS + 21, workers: WORKERS,
    replayTxPerSecond: Math.round(replayRate), recoveryCeilingTxPerSecond: Math.round(recoverRate),
    replayOverCeiling: Number((replayRate / recoverRate).toFixed(2)), millionTxRebuildSeconds: Math.round(1e6 / replayRate),
    loadAverage: loadavg()[0], date: new Date().toISOString(),
  };
  console.table({
    "follower replay (L1 reads, signatures, execution, LMDB)": { "tx/s": result.replayTxPerSecond },
    [`signature pool alone, ${WORKERS} workers, same txs`]: { "tx/s": result.recoveryCeilingTxPerSecond },
  });
  console.log(`replay = ${result.replayOverCeiling}× the recovery ceiling; rebuilding 1M transactions ≈ ${result.millionTxRebuildSeconds} s; ${history.batches} batches; load average ${result.loadAverage?.toFixed(1)}`);
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/replay.json", `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await l1.stop();
  rmSync(dir, { recursive: true, force: true });
}
