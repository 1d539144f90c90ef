/**
 * `npm run bench:tps:roots -- [bench:tps flags] [--rounds N]`: what the intermediate state roots
 * (docs/fraud-proofs.md §1) cost the sequencer, measured side by side in one run: the same
 * workload against a devnet node with them and one without (LOFT_UNSAFE_NO_INTERMEDIATE_ROOTS=1,
 * a benchmark-only mode whose batches are provably wrong), alternated N rounds (default 2) so that
 * a drift of the machine hits both, reported as steady sealed TPS and the ratio without/with.
 */
import { runTpsBench, type TpsResult } from "./tps-bench.ts";
import { parseTpsOptions } from "./tps-options.ts";
import { median, takeRounds } from "./side-by-side.ts";

const argv = process.argv.slice(2);
const rounds = takeRounds(argv);
const options = parseTpsOptions(argv);
if (options) {
  if (options.url) throw new Error("compare-roots starts its own devnets: --url is not accepted");
  const runs: { roots: boolean; result: TpsResult }[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const roots of [true, false]) {
      console.error(`round ${round + 1} of ${rounds}: ${roots ? "with" : "without"} intermediate roots`);
      const result = await runTpsBench({ ...options, name: `${options.name}-${roots ? "roots" : "no-roots"}-${round + 1}`, ...(roots ? {} : { nodeEnv: { LOFT_UNSAFE_NO_INTERMEDIATE_ROOTS: "1" } }) });
      runs.push({ roots, result });
    }
  }
  const tps = (roots: boolean) => runs.filter((r) => r.roots === roots).map((r) => r.result.figures.sealedTpsSteady);
  const cpu = (roots: boolean) => runs.filter((r) => r.roots === roots).map((r) => r.result.cpu.node);
  console.log("| run | intermediate roots | steady sealed TPS | node CPU (cores) | ceiling /s |");
  console.log("|---|---|---:|---:|---:|");
  runs.forEach((r, i) => console.log(`| ${i + 1} | ${r.roots ? "yes" : "no"} | ${Math.round(r.result.figures.sealedTpsSteady).toLocaleString("en-US")} | ${r.result.cpu.node.toFixed(2)} | ${Math.round(r.result.ceiling.perSecond).toLocaleString("en-US")} |`));
  const withRoots = median(tps(true));
  const without = median(tps(false));
  console.log(`\nmedian steady sealed TPS: ${Math.round(withRoots).toLocaleString("en-US")} with roots, ${Math.round(without).toLocaleString("en-US")} without: with/without = ${(withRoots / without).toFixed(3)} (target ≥ 0.95); node CPU with/without = ${(median(cpu(true)) / median(cpu(false))).toFixed(3)}`);
}
