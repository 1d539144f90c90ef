/**
 * A deliberately naive model of the mempool for the model test: a flat list, everything
 * recomputed by scanning. `take` repeatedly picks, among each sender's lowest ready nonce, the
 * highest fee per byte (ties: the earliest admitted), or the earliest admitted under "fifo".
 */
import type { Admission } from "../../sequencer/mempool/mempool.ts";
import { RejectionReason } from "../../sequencer/mempool/rejection-reason.ts";
import type { TestAccounts, TestTransaction } from "./fixtures.ts";
import { address } from "./fixtures.ts";

interface ModelEntry {
  tx: TestTransaction;
  state: "future" | "ready" | "taken";
  seq: number;
}

export interface ModelLimits {
  maxTransactions: number;
  maxFutureTransactions: number;
  nonceWindow: number;
  maxPendingPerSender: number;
  ordering?: "fee" | "fifo";
}

export class ReferenceMempool {
  private entries: ModelEntry[] = [];
  private seq = 0;

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
    const spent = mine.reduce((sum, e) => sum + e.tx.amount + e.tx.fee, 0n);
    const same = mine.find((e) => e.tx.nonce === tx.nonce);
    if (same) {
      if (same.state === "taken") return reject(RejectionReason.replacementInFlight);
      if (!(tx.fee > same.tx.fee && tx.fee * 100n >= same.tx.fee * 110n)) return reject(RejectionReason.replacementUnderpriced);
      if (!account || account.balance - (spent - same.tx.amount - same.tx.fee) < tx.amount + tx.fee) return reject(RejectionReason.insufficientFunds);
      same.tx = tx;
      same.seq = this.seq++;
      return { accepted: true, executable: same.state !== "future" };
    }
    if (mine.length >= this.limits.maxPendingPerSender) return reject(RejectionReason.senderPendingLimit);
    if (!account || account.balance - spent < tx.amount + tx.fee) return reject(RejectionReason.insufficientFunds);
    if (this.entries.length >= this.limits.maxTransactions) return reject(RejectionReason.mempoolFull);
    const executable = tx.nonce === this.pendingNonce(tx.sender);
    const futures = this.entries.filter((e) => e.state === "future").length;
    if (!executable && futures >= this.limits.maxFutureTransactions) return reject(RejectionReason.mempoolFull);
    this.entries.push({ tx, state: "future", seq: this.seq++ });
    this.refresh([tx.sender]);
    return { accepted: true, executable };
  }

  take(max: number): TestTransaction[] {
    const taken: TestTransaction[] = [];
    const priority = (e: ModelEntry) => (this.limits.ordering === "fifo" ? 0 : Number(e.tx.fee) / 80);
    while (taken.length < max) {
      const heads = [...new Set(this.entries.map((e) => e.tx.sender))].map((s) => this.of(s).find((e) => e.state === "ready")).filter((e) => e !== undefined);
      if (heads.length === 0) break;
      heads.sort((a, b) => priority(b) - priority(a) || a.seq - b.seq);
      heads[0]!.state = "taken";
      taken.push(heads[0]!.tx);
    }
    return taken;
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
        if (executable && e.state === "future") e.state = "ready";
        else if (!executable) e.state = "future";
      }
    }
  }
}
