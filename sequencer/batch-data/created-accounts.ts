/**
 * The address dictionary of one batch body: references below `base` are accounts of the state
 * before the batch; `base + k` is the k-th new address written in the body.
 */
const key = (address: Uint8Array) => Buffer.from(address.buffer, address.byteOffset, 20).toString("hex");

export class AddressRefs {
  private readonly added: Uint8Array[] = [];
  private readonly byAddress = new Map<string, number>();

  constructor(readonly base: number) {}

  /** The reference of an address written earlier in the body, if any. */
  newRef(address: Uint8Array): number | undefined {
    return this.byAddress.get(key(address));
  }

  add(address: Uint8Array): number {
    const ref = this.base + this.added.length;
    this.added.push(address);
    this.byAddress.set(key(address), ref);
    return ref;
  }

  /** The address of a reference ≥ base, or undefined when the body has not written it yet. */
  addressOf(ref: number): Uint8Array | undefined {
    return this.added[ref - this.base];
  }
}
