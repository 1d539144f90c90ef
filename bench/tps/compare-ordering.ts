/**
 * `npm run bench:tps:ordering -- [bench:tps flags] [--rounds N]`: what fee-priority ordering
 * (issue 15: the sealer takes the highest fee per byte of L1 data first, each sender in nonce
 * order, through a heap of senders) costs in sealed TPS against FIFO, measured side by side in one
 * run: the same signed workload (its fees vary, so the orders differ) against a devnet node with
 * `--mempool-ordering fee` and one with `--mempool-ordering fifo`, alternated N rounds (default 2)
 * so that a drift of the machine hits both, reported as steady sealed TPS and the ratio fee/FIFO
 * (target ≥ 0.95).
 */
import { runTpsBench, type TpsResult } from "./tps-bench.ts";
import { parseTpsOptions } from "./tps-options.ts";
import { median, takeRounds } from "./side-by-side.ts";

const argv = process.argv.slice(2);
const rounds = takeRounds(argv);
const options = parseTpsOptions(argv);
if (options) {
  if (options.url) throw new Error("compare-ordering starts its own devnets: --url is not accepted");
  const runs: { ordering: "fee" | "fifo"; result: TpsResult }[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const ordering of ["fee", "fifo"] as const) {
      console.error(`round ${round + 1} of ${rounds}: --mempool-ordering ${ordering}`);
      const result = await runTpsBench({ ...options, name: `${options.name}-${ordering}-${round + 1}`, loftFlags: [...options.loftFlags, "--mempool-ordering", ordering] });
      runs.push({ ordering, result });
    }
  }
  const of = (ordering: "fee" | "fifo", pick: (r: TpsResult) => number) => runs.filter((r) => r.ordering === ordering).map((r) => pick(r.result));
  console.log("| run | ordering | steady sealed TPS | p99 submit → sealed (ms) | node CPU (cores) |");
  console.log("|---|---|---:|---:|---:|");
  runs.forEach((r, i) => console.log(`| ${i + 1} | ${r.ordering} | ${Math.round(r.result.figures.sealedTpsSteady).toLocaleString("en-US")} | ${Math.round(r.result.figures.steadySubmitToSealed.p99)} | ${r.result.cpu.node.toFixed(2)} |`));
  const fee = median(of("fee", (r) => r.figures.sealedTpsSteady));
  const fifo = median(of("fifo", (r) => r.figures.sealedTpsSteady));
  console.log(`\nmedian steady sealed TPS: ${Math.round(fee).toLocaleString("en-US")} fee-priority, ${Math.round(fifo).toLocaleString("en-US")} FIFO: fee/FIFO = ${(fee / fifo).toFixed(3)} (target ≥ 0.95); node CPU fee/FIFO = ${(median(of("fee", (r) => r.cpu.node)) / median(of("fifo", (r) => r.cpu.node))).toFixed(3)}`);
}
