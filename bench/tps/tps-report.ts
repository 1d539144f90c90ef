/** The TPS run as a table (stdout), a JSON file and an SVG plot in bench/results/. */
import { mkdirSync, writeFileSync } from "node:fs";
import type { LatencySummary } from "./percentile.ts";
import { plotSvg } from "./plot-svg.ts";
import type { TpsResult } from "./tps-bench.ts";

const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "–");
const ms = (n: number) => (Number.isFinite(n) ? `${n < 10 ? n.toFixed(1) : Math.round(n)} ms` : "–");
const pct = (n: number) => (Number.isFinite(n) ? `${(n * 100).toFixed(0)}%` : "–");
const latency = (l: LatencySummary) => `p50 ${ms(l.p50)} · p90 ${ms(l.p90)} · p99 ${ms(l.p99)} · max ${ms(l.max)}`;

export function tpsTable(result: TpsResult): string {
  const { figures: f, options: o, cpu, ceiling, l1 } = result;
  const rows: [string, string][] = [
    ["run", `${o.mode}, ${o.connections} connections, ${o.rate > 0 ? `${int(o.rate)} tx/s offered` : `max (window ${o.window} × ${o.frameTxs} txs)`}, ${f.sendSeconds.toFixed(1)} s, ${o.workload.accounts.toLocaleString("en-US")} accounts`],
    ["conditions", `node code ${result.conditions.commit}, ${result.conditions.cores} cores, load average ${result.conditions.loadAverageBefore.map((l) => l.toFixed(1)).join(" ")} before, ${result.conditions.loadAverageAfter.map((l) => l.toFixed(1)).join(" ")} after`],
    ["submitted / accepted / sealed", `${int(f.submitted)} / ${int(f.accepted)} / ${int(f.sealed)}`],
    [`sealed TPS, steady state (${f.steadyWindowSeconds[0].toFixed(1)}–${f.steadyWindowSeconds[1].toFixed(1)} s)`, int(f.sealedTpsSteady)],
    ["sealed TPS, first submit → last sealed", int(f.sealedTpsOverall)],
    ["accepted TPS (replies during sending)", int(f.acceptedTps)],
    ["submit → accepted (all measured txs)", latency(f.submitToAccepted)],
    ["submit → sealed", latency(f.submitToSealed)],
    ["submit → accepted, submitted in the steady state", latency(f.steadySubmitToAccepted)],
    ["submit → sealed, submitted in the steady state", latency(f.steadySubmitToSealed)],
    [`signature-check ceiling (bare native recovery, ${ceiling.workers} threads, same run)`, `${int(ceiling.perSecond)}/s → sealed TPS = ${pct(ceiling.sealedShare)} of it`],
    ["CPU (share of one core, send window)", `node ${pct(cpu.node)} · its Hardhat L1 ${pct(cpu.l1)} · generator ${pct(cpu.generator)}`],
    ["node memory (resident, send window)", result.nodeMemory ? `peak ${int(result.nodeMemory.peakRssMiB)} MiB · at the end ${int(result.nodeMemory.lastRssMiB)} MiB · high-water mark since start ${int(result.nodeMemory.highWaterMiB)} MiB` : "not measured (no pid)"],
    ["rejections", Object.entries(f.rejections).map(([reason, n]) => `${reason} ${int(n)}`).join(" · ") || "none"],
    ["invalid txs refused", f.invalid.map((c) => `${c.kind} ${int(c.refused)}/${int(c.sent)} (expected reason ${int(c.refusedWithExpectedReason)}, sealed ${c.sealed})`).join(" · ")],
    ["valid txs refused / accepted but not sealed", `${int(f.validRefused)} / ${int(f.acceptedNotSealed)}`],
    ["L1", "error" in l1 ? l1.error : `${l1.batchesPosted}/${l1.batches} batches posted, ${int(l1.txs)} txs: ${l1.calldataBytesPerTx.toFixed(1)} B calldata/tx (data ${l1.dataBytesPerTx.toFixed(1)} B/tx), ${int(l1.gasPerTx)} gas/tx, ${int(l1.gasPerBatch)} gas/batch`],
  ];
  if (result.generatorBehind > 0) rows.push(["generator fell behind its schedule", `${result.generatorBehind} times (the offered rate was not met)`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
}

export function writeTpsResults(result: TpsResult): { json: string; svg: string } {
  const dir = new URL("../results/", import.meta.url);
  mkdirSync(dir, { recursive: true });
  const json = new URL(`tps-${result.options.name}.json`, dir);
  const svg = new URL(`tps-${result.options.name}.svg`, dir);
  writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
  const o = result.options;
  writeFileSync(svg, plotSvg(`Loft ${o.mode}, ${o.connections} connections, ${o.rate > 0 ? `${o.rate} tx/s offered` : "max rate"} — ${result.date.slice(0, 16)} UTC`, result.figures.series));
  return { json: json.pathname, svg: svg.pathname };
}
