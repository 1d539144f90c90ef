/**
 * The L1 price of one byte of batch data, read from L1 and smoothed. The poster sends batch data
 * as calldata today, which a data-heavy commit pays at the EIP-7623 floor: 10 gas per token, a
 * non-zero byte is 4 tokens, so 40 gas per byte (bench:gas measured 39.96 gas per posted byte on a
 * full commit, fixed costs included). Blob mode (spec §6) is a second `L1DataMode` whose price per
 * byte is the blob base fee × 1 blob gas per byte: add it here, fed by `observe`'s blob fee.
 *
 * The base fee is smoothed with an exponential moving average over L1 blocks (a block skipped
 * between two reads counts as that many steps at the newer value), and never taken below a
 * configured floor, so a fee quoted now still covers the L1 cost when the batch is posted a few
 * blocks later, and a devnet whose base fee decays toward zero still charges something.
 *
 * @example
 *   const price = new L1DataPrice({ mode: "calldata", smoothingBlocks: 10, minGasPrice: 10n ** 8n });
 *   price.observe(block.number, block.baseFeePerGas);
 *   price.weiPerByte(); // 40 × smoothed base fee
 */

export type L1DataMode = "calldata";

/** EIP-7623's floor: 10 gas per token × 4 tokens per non-zero byte. */
export const CALLDATA_FLOOR_GAS_PER_BYTE = 40n;

export interface L1DataPriceOptions {
  mode: L1DataMode;
  /** EMA length in L1 blocks (α = 2 / (N + 1)). */
  smoothingBlocks: number;
  /** wei per gas the smoothed base fee is never taken below. */
  minGasPrice: bigint;
}

export class L1DataPrice {
  private smoothed: number | undefined;
  private lastBlock = -1;
  private lastSample = 0n;
  private readonly alpha: number;

  constructor(private readonly options: L1DataPriceOptions) {
    if (!Number.isInteger(options.smoothingBlocks) || options.smoothingBlocks < 1) throw new RangeError(`smoothingBlocks must be a positive integer, got ${options.smoothingBlocks}`);
    if (options.minGasPrice < 0n) throw new RangeError("minGasPrice must not be negative");
    this.alpha = 2 / (options.smoothingBlocks + 1);
  }

  /** A read of L1: block `number` has base fee `baseFee` (wei per gas). Older or repeated blocks are ignored. */
  observe(number: number, baseFee: bigint): void {
    if (number <= this.lastBlock) return;
    const sample = Number(baseFee);
    if (this.smoothed === undefined) this.smoothed = sample;
    else {
      const steps = Math.min(number - this.lastBlock, 1_000);
      this.smoothed = sample + (this.smoothed - sample) * (1 - this.alpha) ** steps;
    }
    this.lastBlock = number;
    this.lastSample = baseFee;
  }

  /** The smoothed base fee, at least the floor (wei per gas). */
  gasPrice(): bigint {
    const smoothed = this.smoothed === undefined ? 0n : BigInt(Math.ceil(this.smoothed));
    return smoothed > this.options.minGasPrice ? smoothed : this.options.minGasPrice;
  }

  /** wei per byte of batch data at the poster's current mode. */
  weiPerByte(): bigint {
    return CALLDATA_FLOOR_GAS_PER_BYTE * this.gasPrice();
  }

  /** For /metrics and /api/stats. */
  snapshot(): { mode: L1DataMode; block: number; baseFee: bigint; gasPrice: bigint; weiPerByte: bigint } {
    return { mode: this.options.mode, block: this.lastBlock, baseFee: this.lastSample, gasPrice: this.gasPrice(), weiPerByte: this.weiPerByte() };
  }
}
