/**
 * The L1 claim of a stored withdrawal: its exit-list branch (16 siblings, bottom-up) rebuilt from
 * the batch's stored withdrawals, and the exact calldata of the Rollup's `withdraw`. Used by the
 * explorer's withdrawals view and by clients that claim on L1 once the batch is final.
 */
import { createHash } from "node:crypto";
import { BatchHeader, Withdrawal } from "../protocol/ssz-types.ts";
import { EXIT_BRANCH_DEPTH, withdrawCalldata } from "../l1/withdraw-calldata.ts";
import type { StoreReader } from "../store/store-reader.ts";
import { commitPositionOf } from "./commit-position.ts";

const sha256 = (left: Uint8Array, right: Uint8Array) => new Uint8Array(createHash("sha256").update(left).update(right).digest());

/** Siblings of leaf `index` in a depth-`depth` tree whose first leaves are `leaves` (the rest zero). */
export function listBranch(leaves: Uint8Array[], index: number, depth: number): Uint8Array[] {
  let level = leaves;
  let zero: Uint8Array = new Uint8Array(32);
  let position = index;
  const branch: Uint8Array[] = [];
  for (let d = 0; d < depth; d++) {
    branch.push(level[position ^ 1] ?? zero);
    const next: Uint8Array[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(sha256(level[i]!, level[i + 1] ?? zero));
    level = next;
    zero = sha256(zero, zero);
    position >>= 1;
  }
  return branch;
}

export interface WithdrawalClaimData {
  batch: number;
  index: number;
  recipient: Uint8Array;
  amount: bigint;
  calldata: string;
}

/** The claim of withdrawal `index` of stored batch `batch`, or undefined if there is none (or the batch is not committed yet). */
export function withdrawalClaim(reader: StoreReader, batch: number, index: number): WithdrawalClaimData | undefined {
  const record = reader.batch(batch);
  const exits = reader.batchWithdrawals(batch);
  if (!record || index >= exits.length) return undefined;
  const commit = commitPositionOf(reader, batch);
  if (!commit) return undefined;
  const withdrawals = exits.map((bytes) => Withdrawal.deserialize(new Uint8Array(bytes)));
  const leaves = withdrawals.map((w) => Withdrawal.hashTreeRoot(w));
  const withdrawal = withdrawals[index]!;
  const calldata = withdrawCalldata({
    header: BatchHeader.deserialize(new Uint8Array(record.header)),
    commit,
    index,
    length: withdrawals.length,
    withdrawal,
    branch: listBranch(leaves, index, EXIT_BRANCH_DEPTH),
  });
  return { batch, index, recipient: withdrawal.recipient, amount: withdrawal.amount, calldata };
}
