/**
 * Per-transaction record of a load run: when it was submitted, when its admission reply came
 * (accepted or the reason it was refused) and when its `sealed` receipt arrived (or the reason it
 * was dropped later). Times are performance.now() milliseconds of the generator.
 */

export const NO_REPLY = -1;

export class TxTracker {
  readonly submitted: Float64Array;
  readonly replied: Float64Array;
  readonly sealed: Float64Array;
  /** Admission outcome: "accepted" or the node's reason text; undefined while unanswered. */
  readonly outcome: (string | undefined)[];
  /** Reason from a later `rejected` receipt (dropped after acceptance). */
  readonly dropped = new Map<number, string>();
  private readonly byHash = new Map<string, number>();
  sealedCount = 0;
  acceptedCount = 0;
  repliedCount = 0;
  submittedCount = 0;

  constructor(readonly count: number, private readonly hashes: Uint8Array) {
    this.submitted = new Float64Array(count).fill(Number.NaN);
    this.replied = new Float64Array(count).fill(Number.NaN);
    this.sealed = new Float64Array(count).fill(Number.NaN);
    this.outcome = new Array(count);
  }

  /** The map key of a hash: its first 8 bytes in hex (no collision among a run's transactions in practice). */
  static key(hashHex: string): string {
    return hashHex.slice(2, 18);
  }

  submit(i: number, at: number): void {
    this.submitted[i] = at;
    this.submittedCount++;
    this.byHash.set(Buffer.from(this.hashes.subarray(i * 32, i * 32 + 8)).toString("hex"), i);
  }

  reply(i: number, at: number, outcome: string): void {
    if (this.outcome[i] !== undefined) return;
    this.replied[i] = at;
    this.outcome[i] = outcome;
    this.repliedCount++;
    if (outcome === "accepted") this.acceptedCount++;
  }

  receipt(hashHex: string, status: string, at: number, error?: string): void {
    const i = this.byHash.get(TxTracker.key(hashHex));
    if (i === undefined) return;
    if (status === "sealed" && Number.isNaN(this.sealed[i]!)) {
      this.sealed[i] = at;
      this.sealedCount++;
    } else if (status === "rejected") this.dropped.set(i, error ?? "rejected");
  }
}
