/**
 * `npm run bench:tps:json -- [bench:tps flags] [--rounds N] [--json-window N] [--http-sockets N]`:
 * JSON-RPC submission one transaction per request (what wallets do) against the binary path,
 * side by side in one run (issue 16's target): the same workload against a fresh devnet node per
 * run, over binary frames, over WebSocket with one loft_sendTransaction per message (json1,
 * `--json-window` requests in flight per connection, default 1024) and over HTTP keep-alive with
 * one per POST (`--http-sockets` sockets per connection, default 128), alternated N rounds
 * (default 1), reported as steady sealed TPS and the ratios json1/binary (target ≥ 0.7) and
 * http/binary (target ≥ 0.5).
 */
import { runTpsBench, type TpsResult } from "./tps-bench.ts";
import { parseTpsOptions } from "./tps-options.ts";

const argv = process.argv.slice(2);
const take = (flag: string, fallback: number) => {
  const at = argv.indexOf(flag);
  return at >= 0 ? Number(argv.splice(at, 2)[1]) : fallback;
};
const rounds = take("--rounds", 1);
const jsonWindow = take("--json-window", 1024);
const httpSockets = take("--http-sockets", 128);
const options = parseTpsOptions(argv);
if (options) {
  if (options.url) throw new Error("compare-json starts its own devnets: --url is not accepted");
  const modes = [
    { mode: "binary", frameTxs: options.frameTxs, window: options.window },
    { mode: "json1", frameTxs: 1, window: jsonWindow },
    { mode: "http", frameTxs: 1, window: httpSockets },
  ] as const;
  const runs: { mode: string; result: TpsResult }[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const { mode, frameTxs, window } of modes) {
      console.error(`round ${round + 1} of ${rounds}: ${mode}`);
      const result = await runTpsBench({ ...options, mode, frameTxs, window, name: `${options.name}-${mode}-${round + 1}` });
      runs.push({ mode, result });
    }
  }
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  const tps = (mode: string) => median(runs.filter((r) => r.mode === mode).map((r) => r.result.figures.sealedTpsSteady));
  console.log("| run | mode | steady sealed TPS | accepted TPS | node CPU (cores) | generator CPU | submit→sealed p50 ms | refused valid |");
  console.log("|---|---|---:|---:|---:|---:|---:|---:|");
  runs.forEach((r, i) => {
    const f = r.result.figures;
    console.log(`| ${i + 1} | ${r.mode} | ${Math.round(f.sealedTpsSteady).toLocaleString("en-US")} | ${Math.round(f.acceptedTps).toLocaleString("en-US")} | ${r.result.cpu.node.toFixed(2)} | ${r.result.cpu.generator.toFixed(2)} | ${Math.round(f.steadySubmitToSealed.p50)} | ${f.validRefused} |`);
  });
  const binary = tps("binary");
  console.log(`\nmedian steady sealed TPS: binary ${Math.round(binary)}, json1 ${Math.round(tps("json1"))}, http ${Math.round(tps("http"))}: json1/binary = ${(tps("json1") / binary).toFixed(3)} (target ≥ 0.7), http/binary = ${(tps("http") / binary).toFixed(3)} (target ≥ 0.5)`);
}
