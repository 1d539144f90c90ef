/**
 * Admission rates (issue 15): a token bucket per connection (checked on a whole submission,
 * before any signature is recovered, so a flood costs the node nothing but the frame) and one per
 * sender (after recovery). A bucket holds `burst` tokens and refills at `perSecond`; each
 * transaction takes one. Buckets of idle keys are forgotten (memory stays bounded by the keys
 * active within the last burst / perSecond seconds).
 *
 * @example
 *   const limits = new RateLimiter({ perSecond: 100, burst: 200 });
 *   const granted = limits.take(connectionId, count); // the first `granted` may proceed
 */

export interface RateLimit {
  perSecond: number;
  burst: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

const SWEEP_EVERY = 4_096;

export class RateLimiter<K = string | number> {
  private readonly buckets = new Map<K, Bucket>();
  private sinceSweep = 0;

  constructor(
    readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(limit.perSecond > 0) || !(limit.burst >= 1)) throw new RangeError(`a rate limit needs perSecond > 0 and burst ≥ 1, got ${JSON.stringify(limit)}`);
  }

  /** Takes up to `count` tokens for `key`; returns how many it got (0 … count). */
  take(key: K, count = 1): number {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.limit.burst, at: now };
      this.buckets.set(key, bucket);
      if (++this.sinceSweep >= SWEEP_EVERY) this.sweep(now);
    } else {
      bucket.tokens = Math.min(this.limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond);
      bucket.at = now;
    }
    const granted = Math.min(count, Math.floor(bucket.tokens));
    bucket.tokens -= granted;
    return granted;
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Forgets buckets that have refilled completely (taking from them again starts full anyway). */
  private sweep(now: number): void {
    this.sinceSweep = 0;
    const full = (this.limit.burst / this.limit.perSecond) * 1000;
    for (const [key, bucket] of this.buckets) if (now - bucket.at >= full) this.buckets.delete(key);
  }
}
