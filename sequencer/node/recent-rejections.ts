/**
 * Transactions rejected after admission (at execution) are remembered for loft_getTransaction,
 * up to a bound: the oldest are forgotten first.
 */
export class RecentRejections {
  private readonly entries = new Map<string, { record: Uint8Array; reason: string }>();
  constructor(private readonly limit = 100_000) {}

  add(hashHex: string, record: Uint8Array, reason: string): void {
    this.entries.set(hashHex, { record, reason });
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }

  get(hashHex: string): { record: Uint8Array; reason: string } | undefined {
    return this.entries.get(hashHex);
  }
}
