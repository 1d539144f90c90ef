/**
 * The measured calls: commitBatch over batch data of several sizes, deposit, requestFullExit,
 * withdraw and escape (first and later claims in a nullifier word, existing and new L1 recipients),
 * freeze and reclaim, each a real transaction on Hardhat's in-process network (Osaka rules).
 */
import { Wallet, randomBytes, type Contract } from "ethers";
import type { Account, Withdrawal } from "../../sequencer/protocol/ssz-types.ts";
import { CHALLENGE_WINDOW, INCLUSION_WINDOW, account, deployRollup, withdrawal, type RollupFixture } from "../../test/contracts/rollup-fixture.ts";
import { txGas, standardGas, type TxGas } from "./tx-gas.ts";

export interface Row {
  operation: string;
  note: string;
  gas: TxGas;
}

export const BYTES_PER_TX = 80;
export const TX_COUNTS = [100, 1_000, 5_000];
const ETH = 10n ** 18n;

async function measure(f: RollupFixture, sent: Promise<{ hash: string; wait(): Promise<unknown> }>): Promise<TxGas> {
  const tx = await sent;
  await tx.wait();
  const gas = await txGas(f.chain.provider, tx.hash);
  if (gas.gasUsed > gas.floor && gas.gasUsed !== standardGas(gas)) {
    throw new Error(`gas split does not add up: used ${gas.gasUsed}, base + calldata + execution ${standardGas(gas)}`);
  }
  return gas;
}

/** commitBatch with `bytes` of random (incompressible, like compressed) data, on a warm chain. */
async function commitRow(f: RollupFixture, bytes: number, note: string): Promise<Row> {
  const parent = f.batches[f.batches.length - 1]!;
  const { txHash } = await f.commit({ accounts: parent.accounts, data: randomBytes(bytes) });
  return { operation: "commitBatch", note, gas: await txGas(f.chain.provider, txHash) };
}

export async function measureAll(): Promise<Row[]> {
  const rows: Row[] = [];
  const f = await deployRollup();
  const asUser = (i: number) => f.rollup.connect(f.users[i]!) as Contract;

  // Deposits: the first ever one turns the chain slot from zero, later ones rewrite it.
  await (await asUser(0).getFunction("deposit")(f.users[0]!.address, { value: ETH })).wait();
  rows.push({ operation: "deposit", note: "typical (queue not empty)", gas: await measure(f, asUser(1).getFunction("deposit")(f.users[1]!.address, { value: ETH })) });
  rows.push({ operation: "requestFullExit", note: "typical", gas: await measure(f, asUser(2).getFunction("requestFullExit")()) });

  // Commits: an empty one isolates the fixed part; then the sizes of the table and the 128 KB relay limit.
  await f.commit({ queueCount: 0 });
  rows.push(await commitRow(f, 0, "no data: the fixed part"));
  for (const count of TX_COUNTS) rows.push(await commitRow(f, count * BYTES_PER_TX, `${count.toLocaleString("en-US")} txs`));
  rows.push(await commitRow(f, 128 * 1024, "128 KB (largest relayed tx)"));

  // A batch with 300 exits and a state of 300 accounts: claims in fresh and in used nullifier words.
  const fresh = Array.from({ length: 3 }, () => Wallet.createRandom().address);
  const exits: Withdrawal[] = Array.from({ length: 300 }, (_, i) => withdrawal(f.users[i % 4]!.address, 1000n + BigInt(i)));
  exits[2] = withdrawal(fresh[0]!, 1000n);
  const accounts: Account[] = [...f.batches[f.batches.length - 1]!.accounts];
  while (accounts.length < 300) accounts.push(account(f.users[accounts.length % 4]!.address, 1000n, 1));
  accounts[5] = account(fresh[1]!, 1000n, 1);
  await f.commit({ accounts, exits, queueCount: 2 });
  const exitBatch = f.batches.length - 1;
  await f.chain.increaseTime(CHALLENGE_WINDOW);
  const withdraw = (i: number) => measure(f, f.rollup.getFunction("withdraw")(...f.withdrawArgs(exitBatch, i)));
  rows.push({ operation: "withdraw", note: "existing recipient, first claim in its 256-bit nullifier word", gas: await withdraw(0) });
  rows.push({ operation: "withdraw", note: "existing recipient, typical (word already used)", gas: await withdraw(1) });
  rows.push({ operation: "withdraw", note: "new L1 account, typical", gas: await withdraw(2) });

  // Freeze on the stale full-exit request, then escapes from the escape batch and a reclaim.
  await (await asUser(3).getFunction("deposit")(f.users[3]!.address, { value: ETH })).wait();
  await f.chain.increaseTime(INCLUSION_WINDOW + 1);
  rows.push({ operation: "freeze", note: `binary search over ${exitBatch + 1} batches`, gas: await measure(f, f.rollup.getFunction("freeze")(...(await f.freezeArgs()))) });
  const escape = (i: number) => measure(f, f.rollup.getFunction("escape")(...f.escapeArgs(exitBatch, i)));
  rows.push({ operation: "escape", note: "existing account, first claim in its nullifier word", gas: await escape(1) });
  rows.push({ operation: "escape", note: "existing account, typical", gas: await escape(4) });
  rows.push({ operation: "escape", note: "new L1 account, typical", gas: await escape(5) });
  rows.push({ operation: "reclaimDeposit", note: "existing depositor", gas: await measure(f, f.rollup.getFunction("reclaimDeposit")(3)) });
  return rows;
}
