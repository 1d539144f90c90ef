/**
 * The accounts one batch creates, in creation order (= execution order, spec §3): the k-th is
 * account `base + k`, where `base` is the account count before the batch. The encoder and the
 * decoder both track them to know which indices exist at each point (docs/fraud-proofs.md §2).
 */
const key = (address: Uint8Array) => Buffer.from(address.buffer, address.byteOffset, 20).toString("hex");

export class CreatedAccounts {
  private readonly added: Uint8Array[] = [];
  private readonly byAddress = new Map<string, number>();

  constructor(readonly base: number) {}

  /** Accounts that exist now: those before the batch and those created so far. */
  get count(): number {
    return this.base + this.added.length;
  }

  /** The index of an address the batch created so far, if any. */
  indexOf(address: Uint8Array): number | undefined {
    return this.byAddress.get(key(address));
  }

  /** Creates the next account; `address` is kept (a view the caller does not change later). */
  add(address: Uint8Array): number {
    const index = this.count;
    this.added.push(address);
    this.byAddress.set(key(address), index);
    return index;
  }

  /** The address of an index ≥ base created so far, or undefined. */
  addressAt(index: number): Uint8Array | undefined {
    return this.added[index - this.base];
  }
}
