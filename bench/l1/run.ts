/**
 * `npm run bench:l1`: the L1 baseline. The same signed transfers (the bench:tps workload with no
 * withdrawals and no invalid transactions) as plain ETH transfers to a Hardhat node, in automine
 * and with everything mined in one block, then through a Loft devnet (binary path, as fast as it
 * answers), all in one run; reported as Loft / L1 ratios of completed transfers per second
 * (first submit → last mined or sealed).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { startHardhatNode } from "../../sequencer/devnet/hardhat-node.ts";
import { nodeCommit, runTpsBench } from "../tps/tps-bench.ts";
import { parseTpsOptions } from "../tps/tps-options.ts";
import { planWorkload } from "../tps/workload-plan.ts";
import { signEthTransfers } from "./eth-transfers.ts";
import { fundAccounts, measureAutomine, measureOneBlock, rpc, type L1Throughput } from "./hardhat-throughput.ts";

const { values } = parseArgs({ options: { transfers: { type: "string", default: "10000" }, accounts: { type: "string", default: "2000" }, seed: { type: "string", default: "1" }, "warmup-txs": { type: "string", default: "2000" } } });
/** The first WARMUP transfers warm the Loft node up (sent and sealed before its clock starts); the rest are the measured ones, on both sides. */
const WARMUP = Number(values["warmup-txs"]);
const workload = { txs: Number(values.transfers) + WARMUP, accounts: Number(values.accounts), newAddressShare: 0.1, withdrawShare: 0, invalidShare: 0, seed: Number(values.seed) };
const loadBefore = loadavg();
const FUNDS = `0x${(10_000n * 10n ** 18n).toString(16)}`;

const hardhat = await startHardhatNode({ blockIntervalMs: 0 });
const l1: L1Throughput[] = [];
try {
  const chainId = BigInt(await rpc<string>(hardhat.rpcUrl, "eth_chainId"));
  const signStart = performance.now();
  const transfers = signEthTransfers(planWorkload(workload).slice(WARMUP), chainId);
  console.error(`signed ${transfers.raw.length.toLocaleString("en-US")} Ethereum transfers in ${((performance.now() - signStart) / 1000).toFixed(1)} s (not timed)`);
  const snapshot = await rpc<string>(hardhat.rpcUrl, "evm_snapshot");
  await fundAccounts(hardhat.rpcUrl, transfers.senders, FUNDS);
  l1.push(await measureAutomine(hardhat.rpcUrl, transfers.raw));
  await rpc(hardhat.rpcUrl, "evm_revert", [snapshot]);
  await fundAccounts(hardhat.rpcUrl, transfers.senders, FUNDS);
  l1.push(await measureOneBlock(hardhat.rpcUrl, transfers.raw));
} finally {
  await hardhat.stop();
}

const options = parseTpsOptions(["--txs", String(workload.txs), "--warmup-txs", String(WARMUP), "--accounts", String(workload.accounts), "--seed", String(workload.seed), "--withdraw-share", "0", "--invalid-share", "0", "--duration", "120", "--name", "l1-loft"])!;
const loft = await runTpsBench(options);
const loftRate = loft.figures.sealedTpsOverall;

const rows = [
  ...l1.map((r) => [`Hardhat ${r.mode}`, r.perSecond, `${r.mined.toLocaleString("en-US")}/${r.transfers.toLocaleString("en-US")} mined in ${r.blocks} blocks, ${r.seconds.toFixed(2)} s`] as const),
  ["Loft devnet (binary, 4 connections, max), submit → sealed", loftRate, `${loft.figures.sealed.toLocaleString("en-US")}/${(workload.txs - WARMUP).toLocaleString("en-US")} sealed (after ${WARMUP.toLocaleString("en-US")} warm-up); steady sealed TPS ${Math.round(loft.figures.sealedTpsSteady).toLocaleString("en-US")}`] as const,
];
console.log(`L1 baseline (node code ${nodeCommit()}): ${(workload.txs - WARMUP).toLocaleString("en-US")} transfers among ${workload.accounts.toLocaleString("en-US")} accounts (10% to new addresses); ${availableParallelism()} cores, load average ${loadBefore.map((l) => l.toFixed(1)).join(" ")} before, ${loadavg().map((l) => l.toFixed(1)).join(" ")} after`);
for (const [name, rate, note] of rows) console.log(`${name.padEnd(58)} ${Math.round(rate).toLocaleString("en-US").padStart(7)} transfers/s   ${note}`);
for (const r of l1) console.log(`Loft / Hardhat ${r.mode}: ${(loftRate / r.perSecond).toFixed(2)}×`);
const result = {
  bench: "l1", date: new Date().toISOString(), commit: nodeCommit(), cores: availableParallelism(), loadAverageBefore: loadBefore, loadAverageAfter: loadavg(), workload,
  hardhat: l1, loft: { sealedPerSecond: loftRate, sealedTpsSteady: loft.figures.sealedTpsSteady, submitToSealed: loft.figures.submitToSealed, cpu: loft.cpu },
  ratios: Object.fromEntries(l1.map((r) => [r.mode, loftRate / r.perSecond])),
};
mkdirSync(new URL("../results/", import.meta.url), { recursive: true });
writeFileSync(new URL("../results/l1.json", import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
console.log("JSON: bench/results/l1.json");
