/**
 * The node's minimum fee (spec §3, v2): a transaction's L1 data bytes × the L1 price per byte
 * (l1-data-price.ts) × a margin, plus a surcharge when it creates an account (a transfer to an
 * address without one), priced in L1 gas at the same smoothed gas price. A policy of this node,
 * not a state-transition rule: a batch that contains a lower fee is still valid.
 *
 * Break-even at full batches (docs/protocol.md "Fees"): bench:gas measured a full commit at 3,091
 * gas per transaction for 77.35 posted bytes per transaction, i.e. 39.96 gas per byte with the
 * commit's fixed costs included; this schedule charges 40 gas per byte of the record's own
 * encoding plus {@link SHARED_BYTES} for its share of chunk heads and commit framing, so at margin
 * 100% a full batch pays what it costs on L1; the default margin 125% covers the base fee rising
 * for two blocks (12.5% each) between admission and the commit.
 *
 * @example
 *   const fees = new FeeSchedule(price, core.state, { marginPercent: 125, accountCreationGas: 25_000n });
 *   const { fee, dataBytes } = fees.minimumFee(record); // refuse record's fee below `fee`
 *   fees.estimate(TxKind.transfer, to, amount);        // loft_estimateFee
 *
 * Under congestion (congestion-price.ts) every minimum is multiplied by the congestion factor.
 */
import { varintBytes } from "../batch-data/compact-amount.ts";
import { SizeBound } from "../batch-data/size-bound.ts";
import { Transaction, TxKind } from "../protocol/ssz-types.ts";
import type { L1DataPrice } from "./l1-data-price.ts";

/** Chunk heads (34 B per 32 positions: 1.0625 B/tx) and the commit's framing and 21,000 base gas (~0.6 B/tx at 40 gas/B in a full batch), rounded up. */
export const SHARED_BYTES = 2;
const TO_OFFSET = 21;
const ZERO_ADDRESS = new Uint8Array(20);

export interface FeeScheduleOptions {
  /** The L1 cost is multiplied by marginPercent / 100 (100 = break even). */
  marginPercent: number;
  /** L1 gas charged, at the smoothed gas price and margin, for creating an account (Ethereum's G_newaccount is 25,000). */
  accountCreationGas: bigint;
  /** Congestion pricing (congestion-price.ts): the minimum × percent / 100; absent: 100. */
  congestion?: { readonly percent: number };
}

/** The sealed state's accounts (the WASM core's `state`). */
export interface AccountLookup {
  readonly count: number;
  indexOf(address: Uint8Array): number;
}

export interface MinimumFee {
  fee: bigint;
  dataBytes: number;
  createsAccount: boolean;
}

export class FeeSchedule {
  private readonly margin: bigint;

  constructor(
    private readonly price: L1DataPrice,
    private readonly accounts: AccountLookup,
    private readonly options: FeeScheduleOptions,
  ) {
    if (!Number.isInteger(options.marginPercent) || options.marginPercent < 1) throw new RangeError(`marginPercent must be a positive integer, got ${options.marginPercent}`);
    if (options.accountCreationGas < 0n) throw new RangeError("accountCreationGas must not be negative");
    this.margin = BigInt(options.marginPercent);
  }

  /**
   * The lowest fee the node accepts now for this 146-byte record (its `from` filled in). With
   * `senderUnknown` (before recovery) the sender is counted at the shortest reference (1 byte), so
   * the result is a lower bound of the minimum once the sender is known.
   */
  minimumFee(record: Uint8Array, senderUnknown = false): MinimumFee {
    const { accounts } = this;
    const bound = new SizeBound({ accountCount: accounts.count, indexOf: (a) => { const i = accounts.indexOf(a); return i < 0 ? undefined : i; } }, 1);
    const dataBytes = bound.record(record) + SHARED_BYTES - (senderUnknown ? varintBytes(accounts.count + 1) - 1 : 0);
    const createsAccount = record[0] === TxKind.transfer && accounts.indexOf(record.subarray(TO_OFFSET, TO_OFFSET + 20)) < 0;
    let cost = BigInt(dataBytes) * this.price.weiPerByte();
    if (createsAccount) cost += this.options.accountCreationGas * this.price.gasPrice();
    return { fee: this.withMargin(cost), dataBytes, createsAccount };
  }

  /** The L1 cost × margin × congestion, rounded up. */
  private withMargin(cost: bigint): bigint {
    return ceilDiv(cost * this.margin * BigInt(this.options.congestion?.percent ?? 100), 10_000n);
  }

  /** The minimum for a transfer between existing accounts, from the highest index (eth_gasPrice, /metrics). */
  minimumTransferFee(): bigint {
    const ref = varintBytes(Math.max(0, this.accounts.count - 1));
    const dataBytes = 1 + 2 * ref + 2 + 2 + 64 + SHARED_BYTES; // kind, from and to refs, 2-byte amount and fee, r ‖ s
    return roundUpTwoDigits(this.withMargin(BigInt(dataBytes) * this.price.weiPerByte()));
  }

  /**
   * loft_estimateFee: the minimum for this transaction from a sender not yet known (the longest
   * reference), rounded up to two significant digits, so that the fee it quotes takes the 2 bytes
   * of batch data assumed for it and a transaction that pays it is accepted at the current price.
   */
  estimate(kind: typeof TxKind.transfer | typeof TxKind.withdraw, to: Uint8Array, amount: bigint): bigint {
    const record = Transaction.serialize({ kind, from: ZERO_ADDRESS, to, amount, fee: 0n, nonce: 0, signature: new Uint8Array(65) });
    return roundUpTwoDigits(this.minimumFee(record).fee);
  }
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/** The smallest m · 10^e ≥ value with m < 100: it encodes in 2 bytes (compact-amount.ts). */
export function roundUpTwoDigits(value: bigint): bigint {
  let scale = 1n;
  while (value > 99n * scale) scale *= 10n;
  return ceilDiv(value, scale) * scale;
}
