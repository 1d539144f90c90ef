/** Deterministic sealed batches for the storage tests: batch n's content is a function of n. */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type Store } from "../../sequencer/store/store.ts";
import { Account, BatchHeader, Transaction, TxKind, Withdrawal, TRANSACTION_SIZE } from "../../sequencer/protocol/ssz-types.ts";
import type { SealedBatch } from "../../sequencer/store/sealed-batch.ts";

export const identity = { chainId: 31337n, rollup: "0x5FbDB2315678afecb367f032d93F642f64180aa3", genesisRoot: `0x${"11".repeat(32)}` };

export const bytesOf = (label: string, length: number) => new Uint8Array(createHash("sha256").update(label).digest()).subarray(0, length);
export const addressOf = (i: number) => bytesOf(`address ${i}`, 20);

/** Batch n (from 1): transfers from account n−1 to account n (new), the last tx a withdrawal to address 1000+n. */
export function makeBatch(n: number, txs = 3): SealedBatch {
  const transactions = new Uint8Array(txs * TRANSACTION_SIZE);
  const hashes = new Uint8Array(txs * 32);
  for (let i = 0; i < txs; i++) {
    const kind = i === txs - 1 ? TxKind.withdraw : TxKind.transfer;
    const to = kind === TxKind.withdraw ? addressOf(1000 + n) : addressOf(n);
    const tx = { kind, from: addressOf(n - 1), to, amount: BigInt(i + 1), fee: 1n, nonce: i, signature: bytesOf(`sig ${n} ${i}`, 65) };
    transactions.set(Transaction.serialize(tx), i * TRANSACTION_SIZE);
    hashes.set(bytesOf(`hash ${n} ${i}`, 32), i * 32);
  }
  const accounts = [n - 1, n].map((index) => ({
    index,
    record: Account.serialize({ address: addressOf(index), balance: BigInt(10_000 - n), nonce: n }),
  }));
  const header = {
    number: n, parentRoot: bytesOf(`root ${n - 1}`, 32), stateRoot: bytesOf(`state ${n}`, 32), txRoot: bytesOf(`tx ${n}`, 32),
    exitRoot: bytesOf(`exit ${n}`, 32), queueCount: 0, timestamp: 1_700_000_000 + n, dataHash: bytesOf(`data ${n}`, 32),
  };
  return {
    header, root: BatchHeader.hashTreeRoot(header), transactions, hashes, accounts,
    withdrawals: Withdrawal.serialize({ recipient: addressOf(1000 + n), amount: BigInt(txs) }), data: bytesOf(`data ${n}`, 32), sealedAt: 1_700_000_000_000 + n,
  };
}

/** Runs `run` on a new store in a temporary dir, then closes and removes it. */
export async function withStore(run: (store: Store, dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "loft-store-"));
  const store = await openStore({ dir, identity });
  try {
    await run(store, dir);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
