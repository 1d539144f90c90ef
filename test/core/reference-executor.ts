/**
 * A plain TypeScript executor of spec §3, written independently of the WASM core to check it:
 * accounts as values, an address map, bigint arithmetic. Same status codes and check order as
 * documented on TxStatus.
 */
import type { Account, Transaction, Withdrawal } from "../../sequencer/protocol/ssz-types.ts";
import { TxStatus } from "../../sequencer/core/index.ts";

const MAX_U128 = 2n ** 128n - 1n;
const MAX_U64 = 2n ** 64n - 1n;
const key = (address: Uint8Array) => Buffer.from(address).toString("hex");
const isZero = (bytes: Uint8Array) => bytes.every((b) => b === 0);

export type ReferenceResult = {
  statuses: TxStatus[];
  included: Transaction[];
  withdrawals: Withdrawal[];
  created: number[];
  touched: Set<number>;
  queueCount: number;
};

export class ReferenceExecutor {
  readonly accounts: Account[] = [];
  private readonly index = new Map<string, number>();

  constructor(genesis: Account[]) {
    for (const a of genesis) this.create(a.address, a.balance, a.nonce);
  }

  find(address: Uint8Array): number | undefined {
    return this.index.get(key(address));
  }

  private create(address: Uint8Array, balance: bigint, nonce = 0): number {
    const i = this.accounts.length;
    this.accounts.push({ address: Uint8Array.from(address), balance, nonce });
    this.index.set(key(address), i);
    return i;
  }

  execute(txs: Transaction[], queueStart: number): ReferenceResult {
    const result: ReferenceResult = { statuses: [], included: [], withdrawals: [], created: [], touched: new Set(), queueCount: queueStart };
    for (const input of txs) {
      const tx = { ...input };
      const status = this.apply(tx, result);
      result.statuses.push(status);
      if (status !== TxStatus.Ok) continue;
      if (tx.kind >= 2) result.queueCount++;
      result.included.push(tx);
    }
    return result;
  }

  private credit(address: Uint8Array, amount: bigint, r: ReferenceResult): TxStatus | (() => void) {
    const i = this.find(address);
    if (i === undefined) {
      return () => {
        const created = this.create(address, amount);
        r.created.push(created);
        r.touched.add(created);
      };
    }
    const account = this.accounts[i]!;
    if (account.balance + amount > MAX_U128) return TxStatus.Overflow;
    return () => {
      account.balance += amount;
      if (amount !== 0n) r.touched.add(i);
    };
  }

  private apply(tx: Transaction, r: ReferenceResult): TxStatus {
    if (tx.kind === 0 || tx.kind === 1) return this.applySigned(tx, r);
    if (tx.kind === 2 || tx.kind === 3) return this.applyQueued(tx, r);
    return TxStatus.UnknownKind;
  }

  private applySigned(tx: Transaction, r: ReferenceResult): TxStatus {
    const si = this.find(tx.from);
    if (si === undefined) return TxStatus.UnknownSender;
    const sender = this.accounts[si]!;
    if (tx.nonce !== sender.nonce) return TxStatus.BadNonce;
    if (isZero(tx.to)) return TxStatus.ZeroRecipient;
    const total = tx.amount + tx.fee;
    if (BigInt(sender.nonce) === MAX_U64 || total > MAX_U128) return TxStatus.Overflow;
    if (sender.balance < total) return TxStatus.InsufficientBalance;
    // Apply to copies, commit only if every credit fits.
    const saved = this.accounts.map((a) => a.balance);
    sender.balance -= total;
    const feeAccount = this.accounts[0]!;
    if (feeAccount.balance + tx.fee > MAX_U128) {
      sender.balance = saved[si]!;
      return TxStatus.Overflow;
    }
    feeAccount.balance += tx.fee;
    if (tx.kind === 0) {
      const credit = this.credit(tx.to, tx.amount, r);
      if (typeof credit !== "function") {
        sender.balance = saved[si]!;
        feeAccount.balance = saved[0]!;
        return credit;
      }
      credit();
    } else {
      r.withdrawals.push({ recipient: Uint8Array.from(tx.to), amount: tx.amount });
    }
    sender.nonce += 1;
    r.touched.add(si);
    if (tx.fee !== 0n) r.touched.add(0);
    return TxStatus.Ok;
  }

  private applyQueued(tx: Transaction, r: ReferenceResult): TxStatus {
    if (tx.nonce !== r.queueCount) return TxStatus.BadQueueIndex;
    if (!isZero(tx.from) || tx.fee !== 0n || !isZero(tx.signature)) return TxStatus.MalformedQueueMessage;
    if (tx.kind === 2) {
      if (isZero(tx.to)) return TxStatus.ZeroRecipient;
      const credit = this.credit(tx.to, tx.amount, r);
      if (typeof credit !== "function") return credit;
      credit();
      return TxStatus.Ok;
    }
    const i = this.find(tx.to);
    const balance = i === undefined ? 0n : this.accounts[i]!.balance;
    tx.amount = balance;
    if (i !== undefined && balance !== 0n) {
      this.accounts[i]!.balance = 0n;
      r.touched.add(i);
      r.withdrawals.push({ recipient: Uint8Array.from(tx.to), amount: balance });
    }
    return TxStatus.Ok;
  }
}
