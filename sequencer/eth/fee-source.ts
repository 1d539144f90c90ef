/**
 * Where eth_gasPrice, eth_maxPriorityFeePerGas, eth_feeHistory and a block's baseFeePerGas come
 * from: the node's fee policy (sequencer/fees, spec §3 v2) through this small interface. A typed
 * Loft transaction pays one fee, not gas × price; a native transfer (21,000 gas) is priced so
 * that 21,000 × gasPrice covers the lowest fee the node accepts for a transfer now.
 */
export const TRANSFER_GAS = 21_000n;

export interface FeeSource {
  /** The lowest fee (wei) the node accepts now for a transfer to an existing account. */
  minimumTransferFee(): bigint;
}

/** Until the node has a fee policy: the current minimum, which is zero. */
export const NO_MINIMUM_FEE: FeeSource = { minimumTransferFee: () => 0n };

/** wei per gas such that a 21,000-gas transfer pays at least the minimum fee (rounded up). */
export function gasPriceOf(fees: FeeSource): bigint {
  const fee = fees.minimumTransferFee();
  return (fee + TRANSFER_GAS - 1n) / TRANSFER_GAS;
}
