/**
 * How the cost of writing a sealed batch grows with the store (`npm run bench:store`): BATCHES
 * batches of TXS transfers among ACCOUNTS accounts are written one after another with the node's
 * own writer (writeSealedBatch: header, transactions, the hash index's new run and its share of
 * merging, address-history links and heads, the touched accounts), each flushed before the next
 * as the sealer does, on the calling thread; the commit + flush time per transaction is reported per group of batches, so the growth
 * is visible against the first group's rate (the limit it compares to: the same writes on an empty
 * store). Synthetic batches (random hashes, senders and recipients): this measures storage, not
 * execution. Table to stdout, JSON to bench/results/store-write-growth.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Account, BatchHeader, Transaction, TxKind, TRANSACTION_SIZE } from "../../sequencer/protocol/ssz-types.ts";
import { writeSealedBatch } from "../../sequencer/store/batch-writer.ts";
import type { SealedBatch } from "../../sequencer/store/sealed-batch.ts";
import { openStore } from "../../sequencer/store/store.ts";

const BATCHES = Number(process.env.BATCHES ?? 300);
const TXS = Number(process.env.TXS ?? 1_500);
const ACCOUNTS = Number(process.env.ACCOUNTS ?? 10_000);
const GROUP = Number(process.env.GROUP ?? 50);

const addresses = Array.from({ length: ACCOUNTS }, () => new Uint8Array(randomBytes(20)));
const signature = new Uint8Array(65).fill(1);

function syntheticBatch(number: number): SealedBatch {
  const transactions = new Uint8Array(TXS * TRANSACTION_SIZE);
  const touched = new Set<number>();
  for (let i = 0; i < TXS; i++) {
    const [from, to] = [Math.floor(Math.random() * ACCOUNTS), Math.floor(Math.random() * ACCOUNTS)];
    touched.add(from).add(to);
    transactions.set(Transaction.serialize({ kind: TxKind.transfer, from: addresses[from]!, to: addresses[to]!, amount: 1n, fee: 1n, nonce: number, signature }), i * TRANSACTION_SIZE);
  }
  const header = { number, parentRoot: randomBytes(32), stateRoot: randomBytes(32), txRoot: randomBytes(32), exitRoot: randomBytes(32), queueCount: 0, timestamp: number, dataHash: randomBytes(32) };
  return {
    header, root: BatchHeader.hashTreeRoot(header), transactions, hashes: new Uint8Array(randomBytes(32 * TXS)),
    accounts: [...touched].map((index) => ({ index, record: Account.serialize({ address: addresses[index]!, balance: 10n ** 18n, nonce: number }) })),
    newAccountsFrom: ACCOUNTS, withdrawals: new Uint8Array(0), data: new Uint8Array(randomBytes(80 * TXS)), sealedAt: Date.now(),
  };
}

const dir = mkdtempSync(join(tmpdir(), "loft-bench-store-"));
const store = await openStore({ dir, identity: { chainId: 1n, rollup: `0x${"00".repeat(20)}`, genesisRoot: `0x${"00".repeat(32)}` } });
const groups: { batches: string; storedTxs: number; usPerTx: number; txPerSecond: number }[] = [];
try {
  let spent = 0;
  for (let n = 1; n <= BATCHES; n++) {
    const batch = syntheticBatch(n);
    const start = performance.now();
    await writeSealedBatch(store, batch);
    spent += performance.now() - start;
    if (n % GROUP === 0) {
      const usPerTx = (spent * 1000) / (GROUP * TXS);
      groups.push({ batches: `${n - GROUP + 1}–${n}`, storedTxs: n * TXS, usPerTx: Number(usPerTx.toFixed(1)), txPerSecond: Math.round(1e6 / usPerTx) });
      spent = 0;
    }
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
const first = groups[0]!;
console.log(`sealed-batch writes (commit + flush, one after another): ${BATCHES} batches × ${TXS.toLocaleString("en-US")} transfers, ${ACCOUNTS.toLocaleString("en-US")} accounts; load average ${loadavg()[0]!.toFixed(1)}`);
console.table(groups.map((g) => ({ ...g, "vs the first group": `${(g.txPerSecond / first.txPerSecond).toFixed(2)}×` })));
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/store-write-growth.json", `${JSON.stringify({ bench: "store-write-growth", date: new Date().toISOString(), batches: BATCHES, txsPerBatch: TXS, accounts: ACCOUNTS, loadAverage: loadavg(), groups }, null, 2)}\n`);
