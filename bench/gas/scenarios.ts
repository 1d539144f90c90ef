/**
 * The measured calls: commitBatches (v2, docs/fraud-proofs.md §3) at several batches per commit and
 * data sizes, on realistic data the node's encoder writes (realistic-data.ts), deposit,
 * requestFullExit, postBond, withdraw and escape (first and later claims in a nullifier word,
 * existing and new L1 recipients), freeze and reclaim, each a real transaction on Hardhat's
 * in-process network (Osaka rules).
 */
import { Wallet, type Contract } from "ethers";
import type { Account, Withdrawal } from "../../sequencer/protocol/ssz-types.ts";
import { CHALLENGE_WINDOW, INCLUSION_WINDOW, account, deployRollup, withdrawal, type RollupFixture } from "../../test/contracts/rollup-fixture.ts";
import type { FramedData } from "../../test/contracts/batch-data-v2.ts";
import { encodedBatch, encodedBytes, signedRecords } from "./realistic-data.ts";
import { txGas, standardGas, type TxGas } from "./tx-gas.ts";

export interface Row {
  operation: string;
  note: string;
  gas: TxGas;
  /** user transactions the row's commit carries (commit rows only) */
  txs?: number;
  /** batches the row's commit carries (commit rows only) */
  batches?: number;
  /** the commit's posted data, one per batch (commit rows only) */
  data?: FramedData[];
}

/** Signed payments the commit rows' batches are sliced from. */
const POOL = 2_000;
/** The largest transaction a public mempool relays. */
export const RELAY_LIMIT = 128 * 1024;
/** ABI bytes of commitBatches around one batch's data: selector, offsets, one header, lengths. */
const ABI_BYTES_PER_COMMIT = 4 + 2 * 32 + 32 + 32; // selector, two offsets, two array lengths
const ABI_BYTES_PER_BATCH = 8 * 32 + 32 + 32; // header tuple, data offset, data length
const ETH = 10n ** 18n;

/** ABI bytes of a commitBatches of these batches' data. */
export const commitCalldataBytes = (data: Uint8Array[]): number =>
  ABI_BYTES_PER_COMMIT + data.reduce((sum, d) => sum + ABI_BYTES_PER_BATCH + Math.ceil(d.length / 32) * 32, 0);

/** The most of the pool's transactions one batch carries with its commit within the relay limit. */
export function fullBatchTxs(pool: Uint8Array): number {
  let [low, high] = [1, POOL]; // commitCalldataBytes ≤ RELAY_LIMIT at low, not above high
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (commitCalldataBytes([encodedBytes(pool, 0, mid)]) <= RELAY_LIMIT) low = mid;
    else high = mid - 1;
  }
  return low;
}

async function measure(f: RollupFixture, sent: Promise<{ hash: string; wait(): Promise<unknown> }>): Promise<TxGas> {
  const tx = await sent;
  await tx.wait();
  const gas = await txGas(f.chain.provider, tx.hash);
  if (gas.gasUsed > gas.floor && gas.gasUsed !== standardGas(gas)) {
    throw new Error(`gas split does not add up: used ${gas.gasUsed}, base + calldata + execution ${standardGas(gas)}`);
  }
  return gas;
}

/** commitBatches of `batches` batches of `txs` of the pool's user transactions each (encoded by the node), on a warm chain. */
async function commitRow(f: RollupFixture, pool: Uint8Array, batches: number, txs: number, note = ""): Promise<Row> {
  const accounts = f.batches[f.batches.length - 1]!.accounts;
  const data = Array.from({ length: batches }, (_, i) => encodedBatch(pool, (i * txs) % (POOL - txs + 1), txs));
  const { txHash } = await f.commitMany(data.map((d) => ({ accounts, data: d })));
  const what = `${batches.toLocaleString("en-US")} batch${batches > 1 ? "es" : ""} × ${txs.toLocaleString("en-US")} tx${txs > 1 ? "s" : ""}`;
  return { operation: "commitBatches", note: note ? `${what} (${note})` : what, gas: await txGas(f.chain.provider, txHash), txs: batches * txs, batches, data };
}

export async function measureAll(): Promise<Row[]> {
  const rows: Row[] = [];
  const f = await deployRollup();
  const asUser = (i: number) => f.rollup.connect(f.users[i]!) as Contract;

  // Deposits: the first ever one turns the chain slot from zero, later ones rewrite it.
  await (await asUser(0).getFunction("deposit")(f.users[0]!.address, { value: ETH })).wait();
  rows.push({ operation: "deposit", note: "typical (queue not empty)", gas: await measure(f, asUser(1).getFunction("deposit")(f.users[1]!.address, { value: ETH })) });
  rows.push({ operation: "requestFullExit", note: "typical", gas: await measure(f, asUser(2).getFunction("requestFullExit")()) });
  rows.push({ operation: "postBond", note: "adding to a posted bond", gas: await measure(f, asUser(2).getFunction("postBond")({ value: ETH })) });

  // Commits: batches per commit at one transaction each (10 TPS in 100 ms batches, committed every
  // 1 s or 12 s), one batch per commit interval at 10 TPS, then full data in one batch or ten.
  await f.commit({ queueCount: 0 });
  const pool = signedRecords(POOL, await f.rollup.getAddress());
  const full = fullBatchTxs(pool);
  for (const batches of [1, 10, 100, 120]) rows.push(await commitRow(f, pool, batches, 1, batches === 1 ? "low load: one commit per batch" : batches === 10 ? "10 TPS, 100 ms batches, a commit every 1 s" : batches === 120 ? "10 TPS, 100 ms batches, a commit every 12 s" : ""));
  rows.push(await commitRow(f, pool, 1, 10, "10 TPS, one batch per 1 s commit"));
  rows.push(await commitRow(f, pool, 1, 120, "10 TPS, one batch per 12 s commit"));
  for (const txs of [100, 1_000]) rows.push(await commitRow(f, pool, 1, txs));
  rows.push(await commitRow(f, pool, 1, full, "128 KB, a full batch"));
  rows.push(await commitRow(f, pool, 10, Math.floor(full / 10) - 1, "about 128 KB"));

  // A batch with 300 exits and a state of 300 accounts, in the middle of a 3-batch commit:
  // claims in fresh and in used nullifier words.
  const fresh = Array.from({ length: 3 }, () => Wallet.createRandom().address);
  const exits: Withdrawal[] = Array.from({ length: 300 }, (_, i) => withdrawal(f.users[i % 4]!.address, 1000n + BigInt(i)));
  exits[2] = withdrawal(fresh[0]!, 1000n);
  const accounts: Account[] = [...f.batches[f.batches.length - 1]!.accounts];
  while (accounts.length < 300) accounts.push(account(f.users[accounts.length % 4]!.address, 1000n, 1));
  accounts[5] = account(fresh[1]!, 1000n, 1);
  await f.commitMany([{}, { accounts, exits, queueCount: 2 }, { accounts }]);
  const exitBatch = f.batches.length - 2;
  const escapeBatch = f.batches.length - 1;
  await f.chain.increaseTime(CHALLENGE_WINDOW);
  const withdraw = (i: number) => measure(f, f.rollup.getFunction("withdraw")(...f.withdrawArgs(exitBatch, i)));
  rows.push({ operation: "withdraw", note: "existing recipient, first claim in its 256-bit nullifier word", gas: await withdraw(0) });
  rows.push({ operation: "withdraw", note: "existing recipient, typical (word already used)", gas: await withdraw(1) });
  rows.push({ operation: "withdraw", note: "new L1 account, typical", gas: await withdraw(2) });

  // Freeze on the stale full-exit request, then escapes from the escape batch and a reclaim.
  await (await asUser(3).getFunction("deposit")(f.users[3]!.address, { value: ETH })).wait();
  await f.chain.increaseTime(INCLUSION_WINDOW + 1);
  const commits = Number(await f.rollup.getFunction("commitCount")());
  rows.push({ operation: "freeze", note: `binary search over ${commits} commits`, gas: await measure(f, f.rollup.getFunction("freeze")()) });
  const escape = (i: number) => measure(f, f.rollup.getFunction("escape")(...f.escapeArgs(escapeBatch, i)));
  rows.push({ operation: "escape", note: "existing account, first claim in its nullifier word", gas: await escape(1) });
  rows.push({ operation: "escape", note: "existing account, typical", gas: await escape(4) });
  rows.push({ operation: "escape", note: "new L1 account, typical", gas: await escape(5) });
  rows.push({ operation: "reclaimDeposit", note: "existing depositor", gas: await measure(f, f.rollup.getFunction("reclaimDeposit")(3)) });
  return rows;
}
