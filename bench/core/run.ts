/**
 * npm run bench:core — the WASM core against its peers, side by side in one run (issue 3):
 * (a) node hashes, (b) keccak, (c) 1M-account state root from scratch, (d) 10,000 updates in a
 * 1M-account tree, (e) executor throughput, and WASM memory per account.
 * Prints a table and writes bench/results/core.json. `BENCH_ACCOUNTS=n` changes the state size.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { loadCore } from "../../sequencer/core/index.ts";
import { benchNodeHashes } from "./node-hashes.ts";
import { benchKeccak } from "./keccak.ts";
import { makeAccounts } from "./accounts.ts";
import { benchStateRoot } from "./state-root.ts";
import { benchRandomUpdates } from "./random-updates.ts";
import { benchExecutor } from "./executor.ts";
import { memoryPerAccount } from "./memory.ts";
import { printTable } from "./report.ts";

const accountsCount = Number(process.env.BENCH_ACCOUNTS ?? 1_000_000);
const started = new Date().toISOString();
const load = loadavg()[0]!;
const sections: Record<string, ReturnType<typeof benchNodeHashes>> = {};

const core = await loadCore();
sections["a. 64-byte node hashes"] = benchNodeHashes(core);
printTable("a. 64-byte node hashes", sections["a. 64-byte node hashes"]);
sections["b. keccak-256 (64-byte messages)"] = await benchKeccak(core);
printTable("b. keccak-256 (64-byte messages)", sections["b. keccak-256 (64-byte messages)"]);
const accounts = makeAccounts(accountsCount);
for (const [title, run] of [
  // (e) first: the peers of (c) and (d) leave a large JS heap whose collection would land in it.
  [`e. executor, 5,000-transfer batches over ${accountsCount} accounts`, () => benchExecutor(core, accounts)],
  [`c. state root from scratch, ${accountsCount} accounts`, () => benchStateRoot(core, accounts)],
  [`d. 10,000 random updates + root, ${accountsCount} accounts`, () => benchRandomUpdates(core, accounts)],
  ["memory", () => memoryPerAccount(accountsCount)],
] as const) {
  sections[title] = await run();
  printTable(title, sections[title]);
}

mkdirSync(new URL("../results/", import.meta.url), { recursive: true });
const file = new URL("../results/core.json", import.meta.url);
writeFileSync(file, JSON.stringify({ started, node: process.version, cpus: cpus().length, loadavgAtStart: load, accounts: accountsCount, sections }, null, 2));
console.log(`\nload average at start ${load.toFixed(2)}; results written to bench/results/core.json`);
