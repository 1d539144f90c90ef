/**
 * The node's fee policy and admission limits, built from its configuration (issue 15): the L1 price
 * (read every second), the fee schedule, the state-size guard and the rate limits, with what
 * /metrics, /api/stats, loft_estimateFee and eth_gasPrice show of them.
 *
 * @example
 *   const fees = createNodeFees(config, core, mempool, provider);
 *   await fees.refresh();                            // and every second after
 *   admitTransactions({ ...deps, policy: fees.policy, connectionLimit: fees.connectionLimit }, records, n, connectionId);
 */
import type { Registry } from "prom-client";
import { Gauge } from "prom-client";
import { RateLimiter } from "../mempool/admission-limits.ts";
import { StateSizeGuard, WASM_ACCOUNT_CAPACITY } from "../mempool/state-size-guard.ts";
import { AdmissionPolicy } from "./admission-policy.ts";
import { CongestionPrice } from "./congestion-price.ts";
import { FeeSchedule, type AccountLookup } from "./fee-schedule.ts";
import { L1DataPrice } from "./l1-data-price.ts";
import { readL1Price, type BlockSource } from "./l1-fee-reader.ts";

export interface NodeFeeConfig {
  feeMarginPercent: number;
  feeAccountCreationGas: number;
  /** wei per gas. */
  feeMinGasPrice: bigint;
  feeSmoothingBlocks: number;
  maxAccounts: number;
  /** Transactions per second (bursts of twice that). */
  ratePerConnection: number;
  ratePerSender: number;
  /** The congestion target is half a full batch of this many transactions. */
  batchMaxTxs: number;
}

/**
 * The congestion factor's ceiling, 1.5×: enough to refuse a flood at the quoted minimum before its
 * signatures are checked (the quote is rounded up by at most 10%), and a sender who pays 1.5× the
 * quote is never refused for congestion: among those the sealer's fee priority decides. A higher
 * ceiling let the recovery queue, which the factor cannot drain faster, hold it at the ceiling long
 * after the flood was shed (bench:tps:spam refused honest senders paying 2× at a 10× ceiling).
 */
export const MAX_CONGESTION_PERCENT = 150;

export function createNodeFees(config: NodeFeeConfig, accounts: AccountLookup, mempool: { readonly size: number; readonly counts: { ready: number } }, provider: BlockSource) {
  const price = new L1DataPrice({ mode: "calldata", smoothingBlocks: config.feeSmoothingBlocks, minGasPrice: config.feeMinGasPrice });
  // the backlog: records waiting for signature recovery + executable ones waiting for the sealer
  const congestion = new CongestionPrice({ target: Math.max(1, Math.floor(config.batchMaxTxs / 2)), maxPercent: MAX_CONGESTION_PERCENT, backlog: () => policy.recovering + mempool.counts.ready });
  const schedule = new FeeSchedule(price, accounts, { marginPercent: config.feeMarginPercent, accountCreationGas: BigInt(config.feeAccountCreationGas), congestion });
  const stateGuard = new StateSizeGuard(config.maxAccounts, accounts, () => mempool.size);
  const senderLimit = new RateLimiter<string>({ perSecond: config.ratePerSender, burst: 2 * config.ratePerSender });
  const connectionLimit = new RateLimiter<number>({ perSecond: config.ratePerConnection, burst: 2 * config.ratePerConnection });
  const policy: AdmissionPolicy = new AdmissionPolicy({ fees: schedule, stateGuard, senderLimit, congestion });
  const stats = () => {
    const l1 = price.snapshot();
    return {
      fees: {
        l1DataMode: l1.mode, l1Block: l1.block, l1BaseFee: l1.baseFee.toString(), l1GasPrice: l1.gasPrice.toString(), l1WeiPerByte: l1.weiPerByte.toString(),
        marginPercent: config.feeMarginPercent, congestionPercent: congestion.percent, accountCreationGas: config.feeAccountCreationGas, minimumTransferFee: schedule.minimumTransferFee().toString(),
      },
      stateSize: { accounts: stateGuard.accounts, limit: stateGuard.maxAccounts, headroom: stateGuard.headroom, wasmCapacity: WASM_ACCOUNT_CAPACITY },
      limits: { perConnectionPerSecond: config.ratePerConnection, perSenderPerSecond: config.ratePerSender },
    };
  };
  return {
    price, schedule, stateGuard, policy, connectionLimit, stats,
    /** For eth_gasPrice and friends (sequencer/eth/fee-source.ts). */
    feeSource: { minimumTransferFee: () => schedule.minimumTransferFee() },
    refresh: () => readL1Price(provider, price),
    registerMetrics: (registry: Registry, prefix = "loft_") => registerFeeMetrics(registry, prefix, { price, stateGuard, schedule, congestion }),
  };
}
export type NodeFees = ReturnType<typeof createNodeFees>;

function registerFeeMetrics(registry: Registry, prefix: string, parts: { price: L1DataPrice; stateGuard: StateSizeGuard; schedule: FeeSchedule; congestion: CongestionPrice }): void {
  const registers = [registry];
  const gauge = (name: string, help: string, read: () => number | bigint) =>
    new Gauge({ name: `${prefix}${name}`, help, registers, collect() { this.set(Number(read())); } });
  gauge("state_accounts", "Accounts in the sealed state", () => parts.stateGuard.accounts);
  gauge("state_accounts_limit", "Accounts beyond which transfers to new addresses are refused (--max-accounts)", () => parts.stateGuard.maxAccounts);
  gauge("state_accounts_headroom", "Accounts transfers may still create before the state-size guard refuses them (limit − accounts − pending)", () => parts.stateGuard.headroom);
  gauge("state_accounts_wasm_capacity", "Accounts the WASM state holds before it would trap (4 GiB at 137 B per account)", () => WASM_ACCOUNT_CAPACITY);
  gauge("l1_data_gas_price_wei", "Smoothed L1 base fee the fees are priced at (wei per gas, at least --fee-min-gas-price)", () => parts.price.gasPrice());
  gauge("l1_data_price_wei_per_byte", "L1 price of one byte of batch data (wei)", () => parts.price.weiPerByte());
  gauge("fee_congestion_percent", "The congestion factor on the minimum fee (100 = the L1 cost alone; rises 12.5% per 50 ms while the backlog is above half a batch, at most 150)", () => parts.congestion.percent);
  gauge("minimum_transfer_fee_wei", "The lowest fee accepted now for a transfer to an existing account (wei)", () => parts.schedule.minimumTransferFee());
}
