/** Accounts and transactions for the mempool tests. */
import { keccak_256 } from "@noble/hashes/sha3";
import type { AccountReader, ConfirmedAccount } from "../../sequencer/mempool/account-reader.ts";
import type { MempoolTransaction } from "../../sequencer/mempool/mempool-transaction.ts";

/** The 20-byte address of test sender `i`. */
export function address(i: number): Uint8Array {
  const bytes = new Uint8Array(20);
  bytes[0] = 0xa0;
  bytes[19] = i;
  return bytes;
}

/** A confirmed state the tests edit directly (what the sealer's WASM state would be). */
export class TestAccounts implements AccountReader {
  private readonly accounts = new Map<number, ConfirmedAccount>();

  get(addr: Uint8Array): ConfirmedAccount | undefined {
    const account = addr[0] === 0xa0 ? this.accounts.get(addr[19]!) : undefined;
    return account && { ...account };
  }

  set(sender: number, balance: bigint, nonce = 0): this {
    this.accounts.set(sender, { balance, nonce });
    return this;
  }

  delete(sender: number): void {
    this.accounts.delete(sender);
  }

  /** Applies a sealed transaction as the executor would; false when it would be invalid. */
  execute(tx: TestTransaction): boolean {
    const account = this.accounts.get(tx.sender);
    const cost = tx.amount + tx.fee;
    if (!account || account.nonce !== tx.nonce || account.balance < cost) return false;
    this.accounts.set(tx.sender, { balance: account.balance - cost, nonce: account.nonce + 1 });
    return true;
  }
}

export interface TestTransaction extends MempoolTransaction {
  sender: number;
  label: string;
}

/** A transaction whose hash is determined by all its fields plus `salt`. */
export function tx(sender: number, nonce: number, amount = 1n, fee = 0n, salt = 0): TestTransaction {
  const label = `s${sender}n${nonce}a${amount}f${fee}x${salt}`;
  return { sender, label, hash: keccak_256(label), from: address(sender), nonce, amount, fee };
}

export const labels = (txs: TestTransaction[]) => txs.map((t) => t.label);
export const hashes = (txs: TestTransaction[]) => txs.map((t) => t.hash);
