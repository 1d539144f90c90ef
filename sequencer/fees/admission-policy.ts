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
}

export class AdmissionPolicy {
  constructor(private readonly parts: AdmissionPolicyParts) {}

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
