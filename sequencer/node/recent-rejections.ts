/**
 * Transactions rejected after admission (at execution) are remembered for loft_getTransaction,
 * up to a bound: the oldest are forgotten first.
 */
export class RecentRejections {
  private readonly entries = new Map<string, { record: Uint8Array; reason: string }>();
  constructor(private readonly limit = 100_000) {}

  add(hashHex: string, record: Uint8Array, reason: string): void {
    // a copy: an admitted record is a view into its whole submission, which must not outlive it here
    this.entries.set(hashHex, { record: record.slice(), reason });
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }

  get(hashHex: string): { record: Uint8Array; reason: string } | undefined {
    return this.entries.get(hashHex);
  }
}
