/**
 * `npm run bench:gas`: gas of every Rollup entry point and of each fraud proof at its worst case on
 * Hardhat's in-process network (its rules read from the chain: l1-rules.ts), printed and written
 * into docs/benchmarks.md's "L1 contract gas" section (`-- --no-doc`: printed only).
 */
import { l1Rules } from "./l1-rules.ts";
import { measureProofs } from "./proof-gas.ts";
import { measureAll } from "./scenarios.ts";
import { gasSection, writeGasSection } from "./report.ts";

const rules = await l1Rules();
const proofs = await measureProofs();
const rows = await measureAll();
const section = gasSection(rules, proofs, rows);
console.log(section);
if (!process.argv.includes("--no-doc")) {
  writeGasSection(section);
  console.log("\nwritten to docs/benchmarks.md (section \"L1 contract gas\")");
}
process.exit(0); // Hardhat's provider keeps timers alive
