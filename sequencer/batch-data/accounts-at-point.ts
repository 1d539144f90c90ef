/**
 * The decoder's view of the accounts at each point of a batch (docs/fraud-proofs.md §2): the state
 * before the batch (DecodeContext) plus the accounts the batch created so far, and each sender's
 * implied nonce (its nonce before the batch plus its earlier records).
 */
import { CreatedAccounts } from "./created-accounts.ts";

export interface DecodeContext {
  /** Accounts in the state before the batch. */
  accountCount: number;
  /** The account's address; read at once, so the context may hand out a reused buffer. */
  addressAt(index: number): Uint8Array;
  nonceAt(index: number): number;
  /** The index of an address in the state before the batch, if any. */
  indexOf(address: Uint8Array): number | undefined;
}

const ADDRESS_SIZE = 20;

export class AccountsAtPoint {
  private readonly created: CreatedAccounts;
  private readonly nonces = new Map<number, number>();

  constructor(private readonly state: DecodeContext) {
    this.created = new CreatedAccounts(state.accountCount);
  }

  /** Accounts that exist at this point: indices below it can be referenced. */
  get count(): number {
    return this.created.count;
  }

  /** The index of the account with this address at this point, if any. */
  indexOf(address: Uint8Array): number | undefined {
    return this.state.indexOf(address) ?? this.created.indexOf(address);
  }

  /** Creates the next account (a view the caller keeps unchanged). */
  create(address: Uint8Array): number {
    return this.created.add(address);
  }

  /** Copies the address of existing account `index` (below count) to out[at]. */
  copyAddress(index: number, out: Uint8Array, at: number): void {
    const address = index < this.created.base ? this.state.addressAt(index) : this.created.addressAt(index)!;
    for (let i = 0; i < ADDRESS_SIZE; i++) out[at + i] = address[i]!;
  }

  /** The implied nonce of the sender's next record, counted as used. */
  nextNonce(index: number): number {
    const nonce = this.nonces.get(index) ?? (index < this.created.base ? this.state.nonceAt(index) : 0);
    this.nonces.set(index, nonce + 1);
    return nonce;
  }
}
