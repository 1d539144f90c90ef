/** The gas tables (markdown) and their place in docs/benchmarks.md. */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { RELAY_LIMIT, type Row } from "./scenarios.ts";
import type { ProofRow } from "./proof-gas.ts";
import { TX_GAS_CAP, type L1Rules } from "./l1-rules.ts";
import { bytesPerTx } from "./realistic-data.ts";
import { standardGas } from "./tx-gas.ts";

const DOC = fileURLToPath(new URL("../../docs/benchmarks.md", import.meta.url));
const HEADING = "## L1 contract gas (`npm run bench:gas`)";
const n = (x: number) => Math.round(x).toLocaleString("en-US");
const k = (x: number) => `${(x / 1000).toFixed(1)}k`;
const m = (x: number) => `${(x / 1e6).toFixed(2)}M`;
const verdict = (ok: boolean) => (ok ? "met" : "**NOT met**");

/** v1's commitBatch (one batch per L1 transaction, brotli data stood in by random bytes at 80 B/tx), docs/benchmarks.md at 5927b70. */
const V1 = { fullGas: 5_257_490, fullDataBytes: 131_072, bytesPerTx: 80, perTx1000: 3_221, perTx100: 3_487, fixed: 85_037 };

/** EIP-2028 gas of bytes: 4 per zero byte, 16 per other. */
const calldataGas = (bytes: Uint8Array) => bytes.reduce((sum, b) => sum + (b === 0 ? 4 : 16), 0);

/** The three largest shares of a row's gas: base, calldata (or the floor when it binds), opcode groups. */
function dominatedBy(row: Row): string {
  const g = row.gas;
  const floorBinds = g.floor > standardGas(g);
  const top = (shares: Array<[string, number]>, count: number) =>
    shares.sort((a, b) => b[1] - a[1]).slice(0, count).map(([what, gas]) => `${what} ${k(gas)}`).join(" · ");
  if (floorBinds) return `EIP-7623 calldata floor ${k(g.floor)} (absorbs execution: ${top([...g.parts], 2)})`;
  return top([["base tx", 21_000], ["calldata", g.calldata], ...g.parts], 3);
}

export function proofTable(rows: ProofRow[]): string {
  const target = (r: ProofRow) => (r.fn === "proveStateTransition" ? 3_000_000 : r.fn === "proveSignature" ? 150_000 : undefined);
  const lines = [
    "| proof | worst case | batch data bytes | gasUsed | calldata bytes | calldata gas | execution | target | < 2^24 |",
    "|---|---|---:|---:|---:|---:|---:|---|---|",
  ];
  for (const r of rows) {
    const t = target(r);
    lines.push(`| ${r.fn} | ${r.note} | ${n(r.dataBytes)} | ${n(r.gas.gasUsed)} | ${n(r.gas.calldataBytes)} | ${n(r.gas.calldata)} | ${n(r.gas.execution)} | ${t ? `≤ ${n(t)}: ${verdict(r.gas.gasUsed <= t)}` : "(cap only)"} | ${r.gas.gasUsed < TX_GAS_CAP ? `yes, ${((100 * r.gas.gasUsed) / TX_GAS_CAP).toFixed(0)}%` : "**NO**"} |`);
  }
  const chunk = rows.filter((r) => r.fn === "proveStateTransition").sort((a, b) => b.gas.gasUsed - a.gas.gasUsed)[0]!;
  const sig = rows.find((r) => r.fn === "proveSignature")!;
  const worst = rows.reduce((a, b) => (b.gas.gasUsed > a.gas.gasUsed ? b : a));
  lines.push(
    "",
    `**Targets.** The chunk proof's worst case, ${m(chunk.gas.gasUsed)} (${chunk.note}), is within 3M: ${verdict(chunk.gas.gasUsed <= 3_000_000)}. ` +
      `Single-transaction proofs ≤ 150,000: proveSignature costs ${n(sig.gas.gasUsed)}, so this target is ${verdict(sig.gas.gasUsed <= 150_000)} (${(sig.gas.gasUsed / 150_000).toFixed(2)}× the target). ` +
      `It carries no chunk data, state or witness: the BatchRef (two headers hashed on the SHA-256 precompile, 8 commit siblings), the chunk entry's preimage with its 11-sibling table branch, ` +
      `the transaction's fields with their 5-sibling branch in the entry's txSubtree, and one ecrecover (3,000 gas): ` +
      `${n(sig.gas.calldataBytes)} bytes of calldata (${n(sig.gas.calldata)} gas) and ${n(sig.gas.execution)} gas of execution, most of it the consequences every conviction pays (removing the commits, freezing, the bond and the payout: storage writes and cold reads). ` +
      `Every user position costs the same but for its calldata bytes, so the row's position (31 of a full chunk, where the earlier proof walked the whole chunk) is one case of all. ` +
      `proveTxRoot and proveExitRoot have no target but the cap. Every proof is below the 2^24 = ${n(TX_GAS_CAP)} per-transaction cap: ${verdict(rows.every((r) => r.gas.gasUsed < TX_GAS_CAP))}; ` +
      `the largest, ${worst.fn} ${worst.note}, uses ${m(worst.gas.gasUsed)}, leaving ${m(TX_GAS_CAP - worst.gas.gasUsed)}. ` +
      `A batch of 1,500 withdrawals (the figure earlier runs of test/fraud/worst-case-gas.test.ts gave, 10.1M on the harness) is no longer committable: its 148 KB of data exceed the 128 KB bound, so the exitRoot row measures the most withdrawals that fit.`,
  );
  return lines.join("\n");
}

export function commitTable(rows: Row[]): string {
  const lines = [
    "| operation | case | gasUsed | calldata bytes | calldata gas (EIP-2028) | EIP-7623 floor | execution | gasUsed / tx (parts / tx) | dominated by |",
    "|---|---|---:|---:|---:|---:|---:|---:|---|",
  ];
  for (const row of rows) {
    const g = row.gas;
    const count = row.txs;
    lines.push(`| ${row.operation} | ${row.note} | ${n(g.gasUsed)} | ${n(g.calldataBytes)} | ${n(g.calldata)} | ${n(g.floor)} | ${n(g.execution)} | ${count ? `${n(g.gasUsed / count)} (calldata ${n(g.calldata / count)}, execution ${n(g.execution / count)})` : ""} | ${dominatedBy(row)} |`);
  }
  const commit = (batches: number, txs: number) => rows.find((r) => r.operation === "commitBatches" && r.batches === batches && r.txs === batches * txs);
  const fullRow = rows.find((r) => r.operation === "commitBatches" && r.note.includes("a full batch"))!;
  const single = commit(1, 1)!;
  const at12 = commit(120, 1)!;
  const at1 = commit(10, 1)!;
  const oneBatch12 = commit(1, 120)!;
  const oneBatch1 = commit(1, 10)!;
  const perTx = (r: Row) => r.gas.gasUsed / r.txs!;
  const ratio = (r: Row) => perTx(r) / perTx(fullRow);
  const typical = (op: string) => rows.find((r) => r.operation === op && r.note.includes("existing") && r.note.includes("typical"))!.gas.gasUsed;
  const full = fullRow.data![0]!;
  const bytes = bytesPerTx(full);
  const v1PerTx = V1.fullGas / (V1.fullDataBytes / V1.bytesPerTx);
  // One batch's share of a commit of many: its data's calldata (padded to words), the rest of its ABI words (header, data offset, length), its execution.
  const dataGas = (r: Row) => r.data!.reduce((sum, d) => sum + calldataGas(d.bytes) + 4 * ((32 - (d.bytes.length % 32)) % 32), 0) / r.batches!;
  const headerGas = (r: Row) => (r.gas.calldata - dataGas(r) * r.batches!) / r.batches!;
  const execPerBatch = (r: Row) => (r.gas.execution - single.gas.execution) / (r.batches! - 1);
  const fixedShare = (r: Row) => (21_000 + single.gas.execution - execPerBatch(r)) / r.batches!;
  const split = (r: Row) =>
    `per batch ${n(headerGas(r))} gas of header calldata (its 8 header words, data offset and length: 320 ABI bytes, and its share of the commit's ABI words), ` +
    `${n(dataGas(r))} of data calldata (${n(r.data![0]!.bytes.length)} bytes for one transaction: version, U, one 34-byte chunk head, the record; padded to 32-byte words), ` +
    `${n(execPerBatch(r))} of execution (header root on the SHA-256 precompile, the header checks, keccak of the data, the framing check, the 11-level keccak table root, the batch leaf), ` +
    `and ${n(fixedShare(r))} of the commit's fixed part (base transaction, the 3-slot commit record, chain and last-root slots, event)`;
  lines.push(
    "",
    `**Targets.** withdraw to an existing recipient, typical: ${n(typical("withdraw"))} ≤ 70,000, ${verdict(typical("withdraw") <= 70_000)} ` +
      `(the first claim in a nullifier word, 1 in 256, costs ${n(rows.find((r) => r.operation === "withdraw")!.gas.gasUsed)}; ` +
      `v1 paid 64,346; v2 pays ${n(typical("withdraw") - 64_346)} more: the batch's commit index, dataRoot and 8 commit siblings in the calldata, about 4.7k, ` +
      `one more cold storage slot, the commit count and window, 2.1k, and the keccak commit branch). ` +
      `escape of an existing account, typical: ${n(typical("escape"))} ≤ 90,000, ${verdict(typical("escape") <= 90_000)} ` +
      `(first in a word: ${n(rows.find((r) => r.operation === "escape")!.gas.gasUsed)}).`,
    "",
    `**Full batches.** commitBatches of one full batch (${n(fullRow.txs!)} transactions, the most whose commit stays within the ${RELAY_LIMIT / 1024} KB a public mempool relays: ` +
      `${n(full.bytes.length)} bytes of data, ${n(fullRow.gas.calldataBytes)} of calldata) costs **${n(perTx(fullRow))} gas per transaction**. ` +
      `v1's commitBatch paid ${n(v1PerTx)} per transaction at 128 KB (${n(V1.fullGas)} gas for ${n(V1.fullDataBytes)} bytes of random data standing in for brotli output at ${V1.bytesPerTx} B/tx, ` +
      `${n(V1.fullDataBytes / V1.bytesPerTx)} transactions; ${n(V1.perTx1000)} at 1,000 transactions; docs/benchmarks.md at commit 5927b70): v2 is ${(perTx(fullRow) / v1PerTx).toFixed(2)}× v1 per transaction. ` +
      `Both are charged the EIP-7623 floor (10 gas per token, 40 per non-zero byte), so the cost per transaction follows the bytes per transaction: ` +
      `v2 posts ${bytes.posted.toFixed(2)} B/tx against v1's ${V1.bytesPerTx}. ` +
      `The execution is ${n(fullRow.gas.execution)} gas, **${n(fullRow.gas.execution / fullRow.txs!)} per transaction** (keccak of the data and of each of its ${full.segments.length} chunks, the table tree, the framing walk), ` +
      `absorbed by the floor: the gas charged on top of the floor is ${n(Math.max(0, fullRow.gas.gasUsed - fullRow.gas.floor))}. ` +
      `**Intermediate roots on L1**: measured on that batch as the node's encoder writes it, the chunk heads (entry_c ‖ u16 length) are ${bytes.heads.toFixed(3)} B/tx ` +
      `(${full.segments.length} heads of 34 bytes for ${n(full.userCount)} transactions; 34 B per 32 positions = 1.0625 B/tx at full chunks) ` +
      `of ${bytes.posted.toFixed(2)} posted B/tx (records ${bytes.records.toFixed(2)}), about ${n(bytes.heads * 40)} gas per transaction at the floor's 40 gas per non-zero byte.`,
    "",
    `**Steady 10 TPS, 100 ms batches (one transaction each).** Committed every 12 s (120 batches per commit): **${n(perTx(at12))} gas per transaction, ${ratio(at12).toFixed(1)}× a full batch's**; ` +
      `every 1 s (10 per commit): ${n(perTx(at1))}, ${ratio(at1).toFixed(1)}×; one commit per batch: ${n(perTx(single))}, ${ratio(single).toFixed(0)}×. ` +
      `The target, ≤ 1.5× at 10 TPS with a mainnet delay (a commit every 12 s), is ${verdict(ratio(at12) <= 1.5)}. ` +
      `What dominates at 120 batches per commit: ${split(at12)}; the floor does not bind (${n(at12.gas.floor)} < ${n(standardGas(at12.gas))}). ` +
      `The per-batch cost besides the record itself (header calldata plus execution, ${n(headerGas(at12) + execPerBatch(at12))} gas) alone exceeds the whole budget of a transaction at 1.5× (${n(1.5 * perTx(fullRow))}), ` +
      `so no batch of one transaction can meet the target however many share a commit. ` +
      `At the same 10 TPS, sealing one batch per commit interval instead: a 120-transaction batch every 12 s costs ${n(perTx(oneBatch12))} per transaction (${ratio(oneBatch12).toFixed(2)}×, ` +
      `within 1.5×: ${verdict(ratio(oneBatch12) <= 1.5)}), a 10-transaction batch every 1 s ${n(perTx(oneBatch1))} (${ratio(oneBatch1).toFixed(1)}×); ` +
      `but a transaction then waits up to the interval for its batch's seal instead of 100 ms. ` +
      `No packing of the per-batch header rescues 100 ms batches: a batch must still bring at least its stateRoot and txRoot (64 non-zero bytes) and its chunk head (34), ` +
      `${n((64 + 34) * 40)} gas at the floor's 40 per non-zero byte, against ${n(1.5 * perTx(fullRow) - perTx(fullRow))} of headroom above a full batch's cost. ` +
      `Meeting the target needs L1 batches that span many 100 ms seals (a batch kept open across durable seals at low load, or commits that carry 100 ms blocks as data ` +
      `with one state claim per commit, as OP Stack's batcher and output roots divide the work): a protocol change (spec §1, §6), recorded in docs/protocol.md.`,
    "",
    `Commits above ${RELAY_LIMIT / 1024} KB of calldata exceed what a public mempool relays and must be split (or posted as blobs, not implemented).`,
  );
  return lines.join("\n");
}

export function gasSection(rules: L1Rules, proofs: ProofRow[], rows: Row[]): string {
  const full = rows.find((r) => r.operation === "commitBatches" && r.note.includes("a full batch"))!;
  return [
    `Measured ${new Date().toISOString().slice(0, 10)} with \`npm run bench:gas\` (bench/gas/run.ts; \`npm run bench:gas -- --no-doc\` prints without writing here).`,
    `**The L1**: Hardhat ${rules.hardhat}'s in-process network on its EDR runtime (@nomicfoundation/edr ${rules.edr}), hardfork \`${rules.hardfork}\` (Hardhat's default), as Hardhat applies it:`,
    "the contracts are compiled for Cancun's EVM (solc 0.8.28, evmVersion cancun, optimizer 10,000 runs), every transaction pays Prague's EIP-7623 calldata floor",
    "(gasUsed = max(21,000 + calldata + execution, 21,000 + 10 × (zero bytes + 4 × other bytes))), and Osaka's EIP-7825 caps a transaction at",
    `2^24 = ${n(TX_GAS_CAP)} gas (probed in this run: a gas limit of 2^24 + 1 ${rules.capEnforced ? "is refused and 2^24 accepted" : "was NOT refused"}); block gas limit ${n(rules.blockGasLimit)}.`,
    "Every figure is a real transaction's gasUsed (exact: not a timing, the shared cores do not move it). \"execution\" is the EVM's own gas",
    "(from debug_traceTransaction; for proofs gasUsed − 21,000 − calldata, the floor not binding), \"dominated by\" the largest shares of gasUsed by opcode group.",
    "",
    "### Fraud proofs at their worst case",
    "",
    "Each proof is sent by a third party to a fresh Rollup v2 (its fallback delegatecalls the module) holding the forged batch as batch 1, committed with",
    "commitBatches, with the batch's queue messages appended by deposit() and requestFullExit(); each must convict with the kind and position the",
    "TypeScript reference predicts. The scenarios are test/fraud/worst-case-scenarios.ts, shared with test/fraud/worst-case-gas.test.ts (which runs them on",
    "the module harnesses, without the Rollup's fallback, so its figures are slightly lower).",
    "",
    proofTable(proofs),
    "",
    "### Commits and the other entry points",
    "",
    `Batch data is real v2 data written by the node's encoder (sequencer/batch-data/encode-batch-data.ts) from ${n(2_000)} signed payments`,
    "(bench/gas/realistic-data.ts: transfers among 2,000 funded accounts at indices 0–1,999, 0.001–0.999 ETH, 10% to new addresses, 5% withdrawals;",
    `${bytesPerTx(full.data![0]!).posted.toFixed(2)} posted B/tx in the full batch); chunk entries are seeded random words (the commit hashes but never checks them).`,
    "A payout to an L1 address that does not exist yet costs 25,000 more (EIP-161 account creation), shown in the \"new L1 account\" rows.",
    "Nullifiers are bitmaps: the first claim in a 256-claim word writes a zero slot (+17,100 gas), every later one rewrites it.",
    "",
    commitTable(rows),
  ].join("\n");
}

export function writeGasSection(section: string): void {
  const doc = readFileSync(DOC, "utf8");
  const start = doc.indexOf(HEADING);
  if (start < 0) throw new Error(`${DOC} has no "${HEADING}" section`);
  const next = doc.indexOf("\n## ", start + HEADING.length);
  const end = next < 0 ? doc.length : next + 1;
  writeFileSync(DOC, doc.slice(0, start) + [HEADING, "", section, "", ""].join("\n") + doc.slice(end));
}
