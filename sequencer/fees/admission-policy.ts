/**
 * The node's admission policy, checked per transaction after its signature and fields and before
 * the mempool (issue 15): the fee floor (fee-schedule.ts), the state-size guard and the per-sender
 * admission rate. It also sets the transaction's L1 data bytes, which the mempool's fee-per-byte
 * priority uses. A refusal comes with its precise wire message.
 */
import type { RateLimiter } from "../mempool/admission-limits.ts";
import { bytesKey, type MempoolTransaction } from "../mempool/mempool-transaction.ts";
import { rejectionMessage, RejectionReason } from "../mempool/rejection-reason.ts";
import type { StateSizeGuard } from "../mempool/state-size-guard.ts";
import type { FeeSchedule } from "./fee-schedule.ts";

export interface Refusal {
  reason: RejectionReason;
  message: string;
}

export interface AdmissionPolicyParts {
  fees?: FeeSchedule;
  stateGuard?: StateSizeGuard;
  senderLimit?: RateLimiter<string>;
  /** The congestion factor (congestion-price.ts): above 100% the fee floor is also checked before recovery. */
  congestion?: { readonly percent: number };
}

/** What the pre-recovery gate decided for a submission in which it refused some records. */
export interface GateResult {
  /** Indices of the records that go on to recovery, in order. */
  kept: number[];
  refusals: Map<number, Refusal>;
}

export class AdmissionPolicy {
  /** Records now waiting for signature recovery (the congestion backlog counts them). */
  recovering = 0;

  constructor(private readonly parts: AdmissionPolicyParts) {}

  /**
   * Before any signature work, while the node is congested: refuses the records whose fee is below
   * a lower bound of their minimum (the sender counted at the shortest reference), so a flood of
   * minimum-fee transactions costs no recovery. Undefined when it refuses none (or is not congested).
   */
  gate(records: Uint8Array, count: number): GateResult | undefined {
    const { fees, congestion } = this.parts;
    if (!fees || !congestion || congestion.percent <= 100) return undefined;
    let refusals: Map<number, Refusal> | undefined;
    const view = new DataView(records.buffer, records.byteOffset, records.byteLength);
    for (let i = 0; i < count; i++) {
      const record = records.subarray(i * 146, (i + 1) * 146);
      const fee = view.getBigUint64(i * 146 + 57, true) | (view.getBigUint64(i * 146 + 65, true) << 64n);
      const minimum = fees.minimumFee(record, true).fee;
      if (fee < minimum) (refusals ??= new Map()).set(i, { reason: RejectionReason.feeTooLow, message: rejectionMessage(RejectionReason.feeTooLow, { minimumFee: minimum }) });
    }
    if (!refusals) return undefined;
    const kept: number[] = [];
    for (let i = 0; i < count; i++) if (!refusals.has(i)) kept.push(i);
    return { kept, refusals };
  }

  /** Undefined when `tx` (its 146-byte `record`, sender filled in) may go on to the mempool; sets `tx.dataBytes`. */
  check(tx: MempoolTransaction & { record: Uint8Array }): Refusal | undefined {
    const { fees, stateGuard, senderLimit } = this.parts;
    if (fees) {
      const minimum = fees.minimumFee(tx.record);
      tx.dataBytes = minimum.dataBytes;
      if (tx.fee < minimum.fee) return { reason: RejectionReason.feeTooLow, message: rejectionMessage(RejectionReason.feeTooLow, { minimumFee: minimum.fee }) };
      if (minimum.createsAccount && stateGuard?.refusesNewAccount()) return this.stateFull(stateGuard);
    }
    if (senderLimit && senderLimit.take(bytesKey(tx.from)) === 0) {
      return { reason: RejectionReason.senderRateLimited, message: rejectionMessage(RejectionReason.senderRateLimited, { limit: senderLimit.limit.perSecond }) };
    }
    return undefined;
  }

  private stateFull(guard: StateSizeGuard): Refusal {
    return { reason: RejectionReason.stateFull, message: rejectionMessage(RejectionReason.stateFull, { limit: guard.maxAccounts, accounts: guard.accounts }) };
  }
}
