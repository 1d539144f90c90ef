/** The gas table (markdown) and its place in docs/benchmarks.md. */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BYTES_PER_TX, type Row } from "./scenarios.ts";
import { standardGas } from "./tx-gas.ts";

const DOC = fileURLToPath(new URL("../../docs/benchmarks.md", import.meta.url));
const HEADING = "## L1 contract gas (`npm run bench:gas`)";
const n = (x: number) => Math.round(x).toLocaleString("en-US");
const k = (x: number) => `${(x / 1000).toFixed(1)}k`;

/** The three largest shares of a row's gas: base, calldata (or the floor when it binds), opcode groups. */
function dominatedBy(row: Row): string {
  const g = row.gas;
  const floorBinds = g.floor > standardGas(g);
  const top = (shares: Array<[string, number]>, count: number) =>
    shares.sort((a, b) => b[1] - a[1]).slice(0, count).map(([what, gas]) => `${what} ${k(gas)}`).join(" · ");
  if (floorBinds) return `EIP-7623 calldata floor ${k(g.floor)} (absorbs execution: ${top([...g.parts], 2)})`;
  return top([["base tx", 21_000], ["calldata", g.calldata], ...g.parts], 3);
}

function txCount(row: Row): number | undefined {
  const match = /^([\d,]+) txs$/.exec(row.note);
  return match ? Number(match[1]!.replaceAll(",", "")) : undefined;
}

export function gasTable(rows: Row[]): string {
  const lines = [
    "| operation | case | gasUsed | calldata bytes | calldata gas (EIP-2028) | EIP-7623 floor | execution | gasUsed / tx (parts / tx) | dominated by |",
    "|---|---|---:|---:|---:|---:|---:|---:|---|",
  ];
  for (const row of rows) {
    const g = row.gas;
    const count = txCount(row);
    lines.push(`| ${row.operation} | ${row.note} | ${n(g.gasUsed)} | ${n(g.calldataBytes)} | ${n(g.calldata)} | ${n(g.floor)} | ${n(g.execution)} | ${count ? `${n(g.gasUsed / count)} (calldata ${n(g.calldata / count)}, execution ${n(g.execution / count)})` : ""} | ${dominatedBy(row)} |`);
  }
  const fixed = rows.find((r) => r.note.startsWith("no data"))!.gas.execution;
  const at128 = rows.find((r) => r.note.startsWith("128 KB"))!.gas;
  const typical = (op: string) => rows.find((r) => r.operation === op && r.note.includes("existing") && r.note.includes("typical"))!.gas.gasUsed;
  const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
  const perByte = (at128.execution - fixed) / (128 * 1024);
  const withinTarget = Math.floor((100_000 - fixed) / perByte / 1024);
  const firstFloorRow = rows.find((r) => r.operation === "commitBatch" && r.gas.gasUsed === r.gas.floor);
  lines.push(
    "",
    `**Targets.** withdraw to an existing recipient, typical: ${n(typical("withdraw"))} ≤ 70,000, ${verdict(typical("withdraw") <= 70_000)} ` +
      `(the first claim in a nullifier word, 1 in 256, costs ${n(rows.find((r) => r.operation === "withdraw")!.gas.gasUsed)}). ` +
      `escape of an existing account, typical: ${n(typical("escape"))} ≤ 90,000, ${verdict(typical("escape") <= 90_000)} ` +
      `(first in a word: ${n(rows.find((r) => r.operation === "escape")!.gas.gasUsed)}). ` +
      `commitBatch at 128 KB executes ${n(at128.execution)} gas on top of its calldata: a fixed ${n(fixed)} plus ` +
      `${n(at128.execution - fixed)} for keccak256 of the data, so ≤ 100,000 is ${verdict(at128.execution <= 100_000)} ` +
      `under EIP-2028 pricing; it holds for data up to about ${withinTarget} KB. Hashing 128 KB in memory alone ` +
      `costs about 82,000 (copy, quadratic memory expansion, keccak256) and a batch needs at least one new storage ` +
      `slot (22,100), so no contract that checks keccak256(data) on chain can commit 128 KB within 100,000. ` +
      `Under the rules Ethereum runs now (EIP-7623, Prague and later) a data-heavy transaction pays the calldata ` +
      `floor of 10 gas per token instead, which exceeds base + calldata + execution from ` +
      `${firstFloorRow ? `the ${firstFloorRow.note} row` : "no measured row"} on: the gas charged on top of the floor at 128 KB is ` +
      `${n(Math.max(0, at128.gasUsed - at128.floor))}. The 5,000-transaction batch (400 KB) exceeds the 128 KB a ` +
      `public mempool relays and must be split (or posted as blobs, which the protocol does not use).`,
  );
  return lines.join("\n");
}

export function writeGasSection(table: string): void {
  const doc = readFileSync(DOC, "utf8");
  const start = doc.indexOf(HEADING);
  if (start < 0) throw new Error(`${DOC} has no "${HEADING}" section`);
  const next = doc.indexOf("\n## ", start + HEADING.length);
  const end = next < 0 ? doc.length : next + 1;
  const body = [
    HEADING,
    "",
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:gas\` (bench/gas/run.ts): real transactions on`,
    "Hardhat 2.28.6's in-process network (hardfork osaka, so EIP-7623's calldata floor applies), contracts",
    "built by solc 0.8.28 with the optimizer at 10,000 runs. Batch data is random bytes (compressed data is",
    `incompressible), ${BYTES_PER_TX} bytes per transaction (the posted format measures 75–77 B/tx, see`,
    "\"Batch data size\"). \"execution\" is the EVM's own gas from debug_traceTransaction, \"dominated by\" the",
    "largest shares of gasUsed by opcode group. A payout to an L1 address that does not exist yet costs",
    "25,000 more (EIP-161 account creation), shown in the \"new L1 account\" rows. Nullifiers are bitmaps:",
    "the first claim in a 256-claim word writes a zero slot (+17,100 gas), every later one rewrites it.",
    "",
    table,
    "",
    "",
  ].join("\n");
  writeFileSync(DOC, doc.slice(0, start) + body + doc.slice(end));
}
