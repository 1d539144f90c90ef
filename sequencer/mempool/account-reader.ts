/** The confirmed (sealed) state the mempool admits against. */

export interface ConfirmedAccount {
  balance: bigint;
  nonce: number;
}

/**
 * Reads an account of the sealed state by its 20-byte address; undefined when it does not exist
 * (treated as balance 0, nonce 0). It must reflect a batch's execution no later than the sealer
 * calls `markSealed` for that batch (same synchronous turn); the mempool also re-checks a sender
 * whenever the reader's nonce differs from the one it last saw.
 */
export interface AccountReader {
  get(address: Uint8Array): ConfirmedAccount | undefined;
}
