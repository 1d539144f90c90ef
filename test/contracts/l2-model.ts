/**
 * A reference L2 for the invariant test: the spec's state transition for deposits, full exits
 * and withdrawals (protocol.md §3), fees left out. It produces the accounts and exits a valid
 * batch commits, so the contract can be driven through honest histories.
 */
import type { Account, Withdrawal } from "../../sequencer/protocol/ssz-types.ts";
import { address } from "./ssz-lists.ts";

export type QueueMessage = { kind: "deposit"; to: string; amount: bigint } | { kind: "fullExit"; account: string };

export class L2Model {
  readonly accounts: Account[];
  readonly queue: QueueMessage[] = [];
  processed = 0;
  private readonly index = new Map<string, number>();

  constructor(genesis: Account[]) {
    this.accounts = genesis.map((a) => ({ ...a }));
    this.accounts.forEach((a, i) => this.index.set(hexOf(a.address), i));
  }

  /** Runs the next `count` queue messages, then each withdrawal that is valid; returns the batch's exits. */
  execute(count: number, withdrawals: Array<{ from: number; to: string; amount: bigint }>): Withdrawal[] {
    const exits: Withdrawal[] = [];
    for (const message of this.queue.slice(this.processed, this.processed + count)) {
      if (message.kind === "deposit") this.credit(message.to, message.amount);
      else {
        const i = this.index.get(message.account.toLowerCase());
        const acc = i === undefined ? undefined : this.accounts[i]!;
        if (acc && acc.balance > 0n) {
          exits.push({ recipient: acc.address, amount: acc.balance });
          acc.balance = 0n;
        }
      }
    }
    this.processed = Math.min(this.queue.length, this.processed + count);
    for (const w of withdrawals) {
      const acc = this.accounts[w.from % this.accounts.length]!;
      if (w.amount > acc.balance) continue; // an invalid transaction never enters a batch
      acc.balance -= w.amount;
      acc.nonce += 1;
      exits.push({ recipient: address(w.to), amount: w.amount });
    }
    return exits;
  }

  snapshot(): Account[] {
    return this.accounts.map((a) => ({ ...a }));
  }

  private credit(to: string, amount: bigint): void {
    const key = to.toLowerCase();
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.accounts.length;
      this.accounts.push({ address: address(to), balance: 0n, nonce: 0 });
      this.index.set(key, i);
    }
    this.accounts[i]!.balance += amount;
  }
}

const hexOf = (b: Uint8Array) => "0x" + Buffer.from(b).toString("hex");
