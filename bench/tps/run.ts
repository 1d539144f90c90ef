/** `npm run bench:tps`: one load test against a devnet node; see tps-options.ts for the flags. */
import { runTpsBench } from "./tps-bench.ts";
import { parseTpsOptions } from "./tps-options.ts";
import { tpsTable, writeTpsResults } from "./tps-report.ts";

const options = parseTpsOptions(process.argv.slice(2));
if (options) {
  const result = await runTpsBench(options);
  console.log(tpsTable(result));
  const files = writeTpsResults(result);
  console.log(`JSON: ${files.json}\nplot: ${files.svg}`);
}
