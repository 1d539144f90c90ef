/** The gas table (markdown) and its place in docs/benchmarks.md. */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BYTES_PER_TX, RELAY_LIMIT, type Row } from "./scenarios.ts";
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


export function gasTable(rows: Row[]): string {
  const lines = [
    "| operation | case | gasUsed | calldata bytes | calldata gas (EIP-2028) | EIP-7623 floor | execution | gasUsed / tx (parts / tx) | dominated by |",
    "|---|---|---:|---:|---:|---:|---:|---:|---|",
  ];
  for (const row of rows) {
    const g = row.gas;
    const count = row.txs;
    lines.push(`| ${row.operation} | ${row.note} | ${n(g.gasUsed)} | ${n(g.calldataBytes)} | ${n(g.calldata)} | ${n(g.floor)} | ${n(g.execution)} | ${count ? `${n(g.gasUsed / count)} (calldata ${n(g.calldata / count)}, execution ${n(g.execution / count)})` : ""} | ${dominatedBy(row)} |`);
  }
  const commit = (batches: number, note: string) =>
    rows.find((r) => r.operation === "commitBatches" && r.note.startsWith(`${batches.toLocaleString("en-US")} batch`) && r.note.includes(note))!;
  const single = commit(1, "× 1 tx");
  const many = commit(120, "× 1 tx");
  const fullRow = commit(1, "a full batch");
  const perTx = (r: Row) => r.gas.gasUsed / r.txs!;
  const perBatch = (r: Row, batches: number) => (r.gas.execution - single.gas.execution) / (batches - 1);
  const typical = (op: string) => rows.find((r) => r.operation === op && r.note.includes("existing") && r.note.includes("typical"))!.gas.gasUsed;
  const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
  lines.push(
    "",
    `**Targets.** withdraw to an existing recipient, typical: ${n(typical("withdraw"))} ≤ 70,000, ${verdict(typical("withdraw") <= 70_000)} ` +
      `(the first claim in a nullifier word, 1 in 256, costs ${n(rows.find((r) => r.operation === "withdraw")!.gas.gasUsed)}; ` +
      `v1 paid 64,346: v2 adds the batch's commit index, dataRoot and 8 commit siblings to the calldata, about 4.7k, ` +
      `one more cold storage slot, the commit count and window, 2.1k, and the keccak commit branch). ` +
      `escape of an existing account, typical: ${n(typical("escape"))} ≤ 90,000, ${verdict(typical("escape") <= 90_000)} ` +
      `(first in a word: ${n(rows.find((r) => r.operation === "escape")!.gas.gasUsed)}). ` +
      `**L1 gas per transaction**: ${n(perTx(fullRow))} in full batches (${n(fullRow.txs!)} txs, 128 KB), ` +
      `${n(perTx(many))} when 120 one-transaction batches share a commit, ${n(perTx(single))} for one one-transaction ` +
      `batch per commit (the cost v1 paid at low load, one L1 transaction per batch): aggregation brings low load to ` +
      `${(perTx(many) / perTx(fullRow)).toFixed(1)}× the full-batch cost instead of ${(perTx(single) / perTx(fullRow)).toFixed(0)}×. ` +
      `Each further batch in a commit executes about ${n(perBatch(many, 120))} gas (header root on the SHA-256 precompile, ` +
      `the v1 checks, the framing check, its chunk table root over 11 keccak levels and its commit leaf); a commit's ` +
      `fixed part is one 3-slot record, the chain, commit and last-root slots, and the event. ` +
      `A full batch executes ${n(fullRow.gas.execution)} gas for its ${Math.ceil(fullRow.txs! / 32)} chunks ` +
      `(keccak of the data and of each chunk, the table tree), which the EIP-7623 calldata floor of 10 gas per token ` +
      `absorbs: the gas charged on top of the floor there is ${n(Math.max(0, fullRow.gas.gasUsed - fullRow.gas.floor))}. ` +
      `Commits above ${RELAY_LIMIT / 1024} KB of calldata exceed what a public mempool relays and must be split (or posted as blobs, not implemented).`,
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
    "built by solc 0.8.28 with the optimizer at 10,000 runs. Batch data is v2-framed (docs/fraud-proofs.md §2:",
    `a 34-byte segment head per 32 positions) around random record bytes, ${BYTES_PER_TX} bytes per transaction`,
    "(signatures do not compress). \"execution\" is the EVM's own gas from debug_traceTransaction, \"dominated by\" the",
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
