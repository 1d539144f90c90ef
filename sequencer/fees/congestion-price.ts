/**
 * Congestion pricing (issue 15): the minimum fee is the L1 cost times a factor that rises 12.5%
 * per 50 ms step while the node's backlog (transactions waiting for signature recovery plus
 * those ready in the mempool) is above its target, and falls back the same way while it is below
 * half the target, never under 1× nor over `maxFactor` — EIP-1559's base fee rule on the node's
 * own intake. Under a flood of minimum-fee transactions the floor moves above the flood within a
 * step or two, so the flood is refused before any signature is recovered while senders who pay
 * more keep being admitted and sealed; with no flood the factor is 1 and the minimum is the L1
 * cost alone.
 */

export interface CongestionOptions {
  /** Backlog (transactions) above which the factor rises. */
  target: number;
  /** Highest factor, in percent of the L1 cost. */
  maxPercent: number;
  /** Transactions waiting now (signature recovery + ready in the mempool). */
  backlog: () => number;
  stepMs?: number;
  now?: () => number;
}

const STEP_UP = 1.125;

export class CongestionPrice {
  private factor = 1;
  private last: number;
  private readonly stepMs: number;
  private readonly now: () => number;

  constructor(private readonly options: CongestionOptions) {
    if (!(options.target >= 1) || !(options.maxPercent >= 100)) throw new RangeError(`congestion pricing needs target ≥ 1 and maxPercent ≥ 100, got ${JSON.stringify(options)}`);
    this.stepMs = options.stepMs ?? 50;
    this.now = options.now ?? (() => performance.now());
    this.last = this.now();
  }

  /** The factor in percent (≥ 100), first stepped for the time elapsed at the backlog now. */
  get percent(): number {
    const now = this.now();
    const steps = Math.min(64, Math.floor((now - this.last) / this.stepMs));
    if (steps > 0) {
      const backlog = this.options.backlog();
      this.last += steps * this.stepMs;
      if (backlog > this.options.target) this.factor = Math.min(this.options.maxPercent / 100, this.factor * STEP_UP ** steps);
      else if (backlog < this.options.target / 2) this.factor = Math.max(1, this.factor / STEP_UP ** steps);
    }
    return Math.ceil(this.factor * 100);
  }
}
