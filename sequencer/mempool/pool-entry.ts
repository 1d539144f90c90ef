/** The mempool's record of one pending transaction and of one sender's pending nonces. */
import type { MempoolTransaction } from "./mempool-transaction.ts";

export const EntryState = {
  /** Not executable yet: a lower nonce is missing. */
  future: 0,
  /** Executable and waiting in the ready list for `take`. */
  ready: 1,
  /** Handed to the sealer by `take`; awaiting `markSealed` / `markRejected`. */
  taken: 2,
} as const;
export type EntryState = (typeof EntryState)[keyof typeof EntryState];

export interface PoolEntry<T extends MempoolTransaction> {
  readonly tx: T;
  readonly hashKey: string;
  readonly cost: bigint;
  readonly sender: SenderQueue<T>;
  /** When it last became future (ms, the mempool's clock): a future entry expires by this. */
  futureSince: number;
  state: EntryState;
  /** Neighbours in the ready list (intrusive doubly linked list). */
  prev: PoolEntry<T> | undefined;
  next: PoolEntry<T> | undefined;
}

/**
 * One sender's pending transactions by nonce. Nonces in [base, end) are all present and
 * executable (ready or taken); any above `end` are future. `end` is the sender's pending nonce.
 */
export interface SenderQueue<T extends MempoolTransaction> {
  readonly key: string;
  /** The confirmed nonce as last seen. */
  base: number;
  end: number;
  /** Sum of amount + fee over all the sender's pending transactions. */
  spent: bigint;
  readonly byNonce: Map<number, PoolEntry<T>>;
}
