/**
 * `npm run bench:gas`: gas of every Rollup entry point on Hardhat's in-process network (Osaka
 * rules), printed and written into docs/benchmarks.md's "L1 contract gas" section
 * (`-- --no-doc`: printed only).
 */
import { measureAll } from "./scenarios.ts";
import { gasTable, writeGasSection } from "./report.ts";

const rows = await measureAll();
const table = gasTable(rows);
console.log(table);
if (!process.argv.includes("--no-doc")) {
  writeGasSection(table);
  console.log("\nwritten to docs/benchmarks.md (section \"L1 contract gas\")");
}
process.exit(0); // Hardhat's provider keeps timers alive
