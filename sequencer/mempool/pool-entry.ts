/** The mempool's record of one pending transaction and of one sender's pending nonces. */
import type { MempoolTransaction } from "./mempool-transaction.ts";

export const EntryState = {
  /** Not executable yet: a lower nonce is missing. */
  future: 0,
  /** Executable and waiting for `take`. */
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
  /** Fee per byte of L1 data (wei/byte, a double: only compared), the sealer's priority. */
  readonly priority: number;
  /** Admission order (ties between equal priorities, and the whole order under FIFO). */
  readonly seq: number;
  /** When it last became future (ms, the mempool's clock): a future entry expires by this. */
  futureSince: number;
  state: EntryState;
}

/**
 * One sender's pending transactions by nonce. Nonces in [base, end) are all present and
 * executable (ready or taken); any above `end` are future. `end` is the sender's pending nonce.
 * `next` is the lowest ready nonce in [base, end) (== end when none is): the sender's head, the
 * only one of its transactions the sealer may take next (nonce order).
 */
export interface SenderQueue<T extends MempoolTransaction> {
  readonly key: string;
  /** The confirmed nonce as last seen. */
  base: number;
  end: number;
  next: number;
  /** Sum of amount + fee over all the sender's pending transactions. */
  spent: bigint;
  readonly byNonce: Map<number, PoolEntry<T>>;
  /** Its position in the heap of senders with a ready head, or -1. */
  heapIndex: number;
  /** The head's priority and seq while in the heap. */
  headPriority: number;
  headSeq: number;
}
