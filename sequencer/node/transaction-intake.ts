/**
 * Admission of user transactions, shared by loft_sendTransaction and the binary fast path:
 * sender recovery in the signature pool (chunks, never one message per tx), hashes
 * keccak256(digest ‖ from) from the WASM core's batch EIP-712 digests and batch keccak, field
 * checks the executor would otherwise reject late, then the mempool. Every transaction gets one
 * IntakeStatus. While the storage refuses writes (disk full) every transaction is refused before
 * any work, with the fault's message: nothing is accepted that could not be sealed.
 */
import type { LoftCore } from "../core/index.ts";
import type { AdmissionPolicy, GateResult } from "../fees/admission-policy.ts";
import type { RateLimiter } from "../mempool/admission-limits.ts";
import type { Mempool } from "../mempool/mempool.ts";
import { rejectionMessage, RejectionReason } from "../mempool/rejection-reason.ts";
import { TRANSACTION_SIZE, TxKind } from "../protocol/ssz-types.ts";
import { userTransactionHashesInto } from "../protocol/transaction-hash.ts";
import type { PendingTransaction } from "../sealer/sealer-ports.ts";
import { digestsInto } from "../signatures/chunk-digests.ts";
import type { RecoveredSenders } from "../signatures/recover-chunk.ts";
import type { StorageFaultError } from "../store/storage-fault.ts";
import { RecoveryStatus } from "../signatures/recovery-status.ts";
import { RpcError } from "../rpc/index.ts";
import { IntakeStatus } from "./intake-status.ts";

const UINT128_MAX = (1n << 128n) - 1n;

/** loft_sendTransaction's error while the storage refuses writes (binary status IntakeStatus.storageFault). */
export const STORAGE_FAULT = -32040;

/** "disk full: …" or "storage error: <reason>: …", what a client is told while intake is stopped. */
export function storageFaultRpcError(fault: StorageFaultError): RpcError {
  return new RpcError(STORAGE_FAULT, `${fault.message}: the node takes no transactions until its storage takes writes again (reads are served; retry later)`);
}

const FROM_REASON: Record<string, IntakeStatus> = {
  [RejectionReason.nonceTooLow]: IntakeStatus.nonceTooLow,
  [RejectionReason.nonceTooHigh]: IntakeStatus.nonceTooHigh,
  [RejectionReason.insufficientFunds]: IntakeStatus.insufficientFunds,
  [RejectionReason.alreadyKnown]: IntakeStatus.alreadyKnown,
  [RejectionReason.mempoolFull]: IntakeStatus.mempoolFull,
  [RejectionReason.replacementUnderpriced]: IntakeStatus.replacementUnderpriced,
  [RejectionReason.replacementInFlight]: IntakeStatus.replacementInFlight,
  [RejectionReason.senderPendingLimit]: IntakeStatus.senderPendingLimit,
  [RejectionReason.feeTooLow]: IntakeStatus.feeTooLow,
  [RejectionReason.connectionRateLimited]: IntakeStatus.connectionRateLimited,
  [RejectionReason.senderRateLimited]: IntakeStatus.senderRateLimited,
  [RejectionReason.stateFull]: IntakeStatus.stateFull,
};

export interface IntakeResult {
  statuses: Uint8Array;
  /** 32 bytes per transaction (meaningful where the signature was checkable). */
  hashes: Uint8Array;
  /** The precise wire message where it says more than the status ("fee too low: minimum is 4200 wei"), by index. */
  messages?: (string | undefined)[];
  /** With IntakeStatus.storageFault: what the storage said ("disk full", "storage error: …"). */
  fault?: StorageFaultError;
}

export interface IntakeDeps {
  core: LoftCore;
  separator: Uint8Array;
  mempool: Mempool<PendingTransaction>;
  recover(records: Uint8Array, count: number): Promise<RecoveredSenders>;
  onAccepted?(tx: PendingTransaction): void;
  /** Fee floor, state-size guard, per-sender rate (sequencer/fees/admission-policy.ts). */
  policy?: AdmissionPolicy;
  /** Set on the records the policy's pre-recovery gate already let through. */
  gated?: boolean;
  /** Transactions per second per connection, checked on a whole submission before any recovery. */
  connectionLimit?: RateLimiter<number>;
  /** The storage's current fault, if writes are refused (store.health.fault). */
  storageFault?(): StorageFaultError | undefined;
}

/** Admits the records the pre-recovery gate kept (congestion: the others pay less than the minimum) and answers the refused ones. */
async function admitKept(deps: IntakeDeps, records: Uint8Array, count: number, gate: GateResult): Promise<IntakeResult> {
  const kept = new Uint8Array(gate.kept.length * TRANSACTION_SIZE);
  gate.kept.forEach((index, k) => kept.set(records.subarray(index * TRANSACTION_SIZE, (index + 1) * TRANSACTION_SIZE), k * TRANSACTION_SIZE));
  const inner = gate.kept.length > 0 ? await admitTransactions({ ...deps, gated: true }, kept, gate.kept.length) : undefined;
  const statuses = new Uint8Array(count);
  const hashes = new Uint8Array(count * 32);
  const messages: (string | undefined)[] = new Array(count);
  for (const [index, refusal] of gate.refusals) [statuses[index], messages[index]] = [IntakeStatus.feeTooLow, refusal.message];
  gate.kept.forEach((index, k) => {
    statuses[index] = inner!.statuses[k]!;
    hashes.set(inner!.hashes.subarray(k * 32, k * 32 + 32), index * 32);
    messages[index] = inner!.messages?.[k];
  });
  return { statuses, hashes, messages };
}

/** Little-endian uint128 at `offset` (two 64-bit reads instead of sixteen byte shifts: this is per transaction). */
function readUint128(view: DataView, offset: number): bigint {
  return view.getBigUint64(offset, true) | (view.getBigUint64(offset + 8, true) << 64n);
}

/** True when the record's `to` (bytes 21–40) is all zeros. */
function isZeroAddress(record: Uint8Array): boolean {
  for (let i = 21; i < 41; i++) if (record[i] !== 0) return false;
  return true;
}

/** Admits `count` 146-byte records (their `from` field is ignored and replaced by the recovered sender, zero where none was). */
export async function admitTransactions(deps: IntakeDeps, records: Uint8Array, count: number, connectionId?: number): Promise<IntakeResult> {
  const statuses = new Uint8Array(count);
  const hashes = new Uint8Array(count * 32);
  const granted = deps.connectionLimit && connectionId !== undefined ? deps.connectionLimit.take(connectionId, count) : count;
  if (granted < count) {
    // over the connection's rate: the rest is refused before any signature work
    const message = rejectionMessage(RejectionReason.connectionRateLimited, { limit: deps.connectionLimit!.limit.perSecond });
    const head = granted > 0 ? await admitTransactions({ ...deps, connectionLimit: undefined }, records, granted) : undefined;
    statuses.fill(IntakeStatus.connectionRateLimited, granted);
    if (head) {
      statuses.set(head.statuses);
      hashes.set(head.hashes);
    }
    const messages = Array.from({ length: count }, (_, i) => (i < granted ? head?.messages?.[i] : message));
    return { statuses, hashes, messages };
  }
  const messages: (string | undefined)[] = [];
  const fault = deps.storageFault?.();
  if (fault) {
    statuses.fill(IntakeStatus.storageFault);
    return { statuses, hashes, fault };
  }
  if (deps.mempool.full) {
    // shed load before the expensive part: recovering a signature costs ~80 µs of a core, and every
    // one of these would be refused anyway, so under overload recovery would starve the sealer
    statuses.fill(IntakeStatus.mempoolFull);
    return { statuses, hashes };
  }
  const gate = deps.gated ? undefined : deps.policy?.gate(records, count);
  if (gate) return admitKept(deps, records, count, gate);
  let recovered: RecoveredSenders;
  if (deps.policy) deps.policy.recovering += count;
  try {
    recovered = await deps.recover(records, count);
  } catch {
    statuses.fill(IntakeStatus.busy);
    return { statuses, hashes };
  } finally {
    if (deps.policy) deps.policy.recovering -= count;
  }
  const digestStatuses = new Uint8Array(count);
  // the workers computed the digests for recovery: reuse them rather than hash every record again here
  let digests = recovered.digests?.subarray(0, count * 32);
  if (digests) {
    for (let i = 0; i < count; i++) if (recovered.statuses[i] === RecoveryStatus.malformed) digestStatuses[i] = RecoveryStatus.malformed;
  } else digestsInto({ separator: deps.separator, hashing: deps.core.hashing }, records, count, (digests = new Uint8Array(count * 32)), digestStatuses);
  // one copy of the submission; each admitted transaction keeps views into it (no per-tx allocations)
  const own = new Uint8Array(count * TRANSACTION_SIZE); // not records.slice(): on a Buffer that is a view
  own.set(records.subarray(0, count * TRANSACTION_SIZE));
  for (let i = 0; i < count; i++) own.set(recovered.senders.subarray(i * 20, i * 20 + 20), i * TRANSACTION_SIZE + 1);
  userTransactionHashesInto(deps.core.hashing, digests, own, count, hashes); // v2: keccak256(digest ‖ from)
  const view = new DataView(own.buffer);
  for (let i = 0; i < count; i++) {
    const status = recovered.statuses[i];
    if (status === RecoveryStatus.malformed || digestStatuses[i] !== RecoveryStatus.ok) {
      statuses[i] = IntakeStatus.invalidTransaction;
      continue;
    }
    if (status !== RecoveryStatus.ok) {
      statuses[i] = IntakeStatus.invalidSignature;
      continue;
    }
    const at = i * TRANSACTION_SIZE;
    const record = own.subarray(at, at + TRANSACTION_SIZE);
    const kind = record[0];
    const amount = readUint128(view, at + 41);
    const fee = readUint128(view, at + 57);
    if ((kind !== TxKind.transfer && kind !== TxKind.withdraw) || isZeroAddress(record) || amount + fee > UINT128_MAX) {
      statuses[i] = IntakeStatus.invalidTransaction;
      continue;
    }
    // the digest step marked nonces above 2^53 − 1 malformed, so two 32-bit halves are exact
    const nonce = view.getUint32(at + 73, true) + view.getUint32(at + 77, true) * 2 ** 32;
    const tx: PendingTransaction = { hash: hashes.subarray(i * 32, i * 32 + 32), from: record.subarray(1, 21), nonce, amount, fee, record };
    const refusal = deps.policy?.check(tx);
    if (refusal) {
      statuses[i] = FROM_REASON[refusal.reason] ?? IntakeStatus.invalidTransaction;
      messages[i] = refusal.message;
      continue;
    }
    const admission = deps.mempool.add(tx);
    if (admission.accepted) {
      statuses[i] = IntakeStatus.accepted;
      deps.onAccepted?.(tx);
    } else {
      statuses[i] = FROM_REASON[admission.reason] ?? IntakeStatus.invalidTransaction;
      if (admission.reason === RejectionReason.senderPendingLimit) messages[i] = rejectionMessage(admission.reason, { limit: deps.mempool.limits.maxPendingPerSender });
      if (admission.reason === RejectionReason.replacementUnderpriced) {
        const minimumFee = deps.mempool.replacementFee(tx.from, nonce);
        if (minimumFee !== undefined) messages[i] = rejectionMessage(admission.reason, { minimumFee });
      }
    }
  }
  return { statuses, hashes, messages };
}
