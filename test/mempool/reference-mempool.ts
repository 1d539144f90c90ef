/**
 * A deliberately naive model of the mempool for the model test: a flat list, everything
 * recomputed by scanning. `readySince` orders the executable transactions: a clock value taken
 * when a transaction becomes executable (negative values for ones put back by `release`).
 */
import type { Admission } from "../../sequencer/mempool/mempool.ts";
import { RejectionReason } from "../../sequencer/mempool/rejection-reason.ts";
import type { TestAccounts, TestTransaction } from "./fixtures.ts";
import { address } from "./fixtures.ts";

interface ModelEntry {
  tx: TestTransaction;
  state: "future" | "ready" | "taken";
  readySince: number;
}

export interface ModelLimits {
  maxTransactions: number;
  maxFutureTransactions: number;
  nonceWindow: number;
}

export class ReferenceMempool {
  private entries: ModelEntry[] = [];
  private clock = 0;
  private frontClock = 0;

  constructor(
    private readonly accounts: TestAccounts,
    private readonly limits: ModelLimits,
  ) {}

  get size(): number {
    return this.entries.length;
  }

  private of(sender: number): ModelEntry[] {
    return this.entries.filter((e) => e.tx.sender === sender).sort((a, b) => a.tx.nonce - b.tx.nonce);
  }

  private confirmed(sender: number) {
    return this.accounts.get(address(sender));
  }

  counts() {
    const count = (state: ModelEntry["state"]) => this.entries.filter((e) => e.state === state).length;
    return { ready: count("ready"), taken: count("taken"), future: count("future"), senders: new Set(this.entries.map((e) => e.tx.sender)).size };
  }

  pendingNonce(sender: number): number {
    let nonce = this.confirmed(sender)?.nonce ?? 0;
    while (this.entries.some((e) => e.tx.sender === sender && e.tx.nonce === nonce)) nonce++;
    return nonce;
  }

  add(tx: TestTransaction): Admission {
    const reject = (reason: RejectionReason): Admission => ({ accepted: false, reason });
    const account = this.confirmed(tx.sender);
    const nonce = account?.nonce ?? 0;
    const mine = this.of(tx.sender);
    if (this.entries.some((e) => e.tx.label === tx.label)) return reject(RejectionReason.alreadyKnown);
    if (tx.nonce < nonce) return reject(RejectionReason.nonceTooLow);
    if (tx.nonce >= nonce + this.limits.nonceWindow) return reject(RejectionReason.nonceTooHigh);
    if (mine.some((e) => e.tx.nonce === tx.nonce)) return reject(RejectionReason.replacementUnderpriced);
    const spent = mine.reduce((sum, e) => sum + e.tx.amount + e.tx.fee, 0n);
    if (!account || account.balance - spent < tx.amount + tx.fee) return reject(RejectionReason.insufficientFunds);
    if (this.entries.length >= this.limits.maxTransactions) return reject(RejectionReason.mempoolFull);
    const executable = tx.nonce === this.pendingNonce(tx.sender);
    const futures = this.entries.filter((e) => e.state === "future").length;
    if (!executable && futures >= this.limits.maxFutureTransactions) return reject(RejectionReason.mempoolFull);
    this.entries.push({ tx, state: "future", readySince: 0 });
    this.refresh([tx.sender]);
    return { accepted: true, executable };
  }

  take(max: number): TestTransaction[] {
    const ready = this.entries.filter((e) => e.state === "ready").sort((a, b) => a.readySince - b.readySince).slice(0, max);
    for (const e of ready) e.state = "taken";
    return ready.map((e) => e.tx);
  }

  markSealed(labels: string[]): void {
    const senders = this.remove(labels);
    this.refresh(senders);
  }

  markRejected(labels: string[]): void {
    const senders = this.remove(labels);
    this.refresh(senders);
  }

  release(labels: string[]): void {
    for (const label of [...labels].reverse()) {
      const entry = this.entries.find((e) => e.tx.label === label && e.state === "taken");
      if (!entry) continue;
      entry.state = "ready";
      entry.readySince = --this.frontClock;
    }
  }

  onAccountsChanged(senders: number[]): void {
    for (const sender of senders) {
      let remaining = this.confirmed(sender)?.balance ?? 0n;
      const nonce = this.confirmed(sender)?.nonce ?? 0;
      for (const e of this.of(sender)) {
        const cost = e.tx.amount + e.tx.fee;
        if (e.tx.nonce < nonce || cost > remaining) this.entries.splice(this.entries.indexOf(e), 1);
        else remaining -= cost;
      }
      this.refresh([sender]);
    }
  }

  private remove(labels: string[]): number[] {
    const senders: number[] = [];
    for (const label of labels) {
      const index = this.entries.findIndex((e) => e.tx.label === label);
      if (index < 0) continue;
      const [entry] = this.entries.splice(index, 1);
      if (!senders.includes(entry!.tx.sender)) senders.push(entry!.tx.sender);
    }
    return senders;
  }

  /** Executable = nonces contiguous from the confirmed nonce; newly executable ones join in nonce order. */
  private refresh(senders: number[]): void {
    for (const sender of senders) {
      const nonce = this.confirmed(sender)?.nonce ?? 0;
      this.entries = this.entries.filter((e) => e.tx.sender !== sender || e.tx.nonce >= nonce);
      const end = this.pendingNonce(sender);
      for (const e of this.of(sender)) {
        const executable = e.tx.nonce < end;
        if (executable && e.state === "future") {
          e.state = "ready";
          e.readySince = ++this.clock;
        } else if (!executable) e.state = "future";
      }
    }
  }
}
