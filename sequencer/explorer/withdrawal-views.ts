/**
 * Withdrawals paid to an L1 address: each with its batch's status and commit and, once that
 * commit is final (its challenge window over, docs/fraud-proofs.md §3: a batch is finalized with
 * its commit), the exact calldata of the Rollup's `withdraw` — the transaction a wallet sends to
 * claim. `claimable` is true only when both hold: final, and calldata built (the commit's batches
 * are all stored); otherwise no calldata is given. A withdrawal already paid on L1 (its `Withdrawn`
 * event, escape/l1-payouts.ts) is `claimed` with that transaction instead, never claimable again.
 */
import { getAddress, hexlify } from "ethers";
import { Withdrawal } from "../protocol/ssz-types.ts";
import type { StoreReader } from "../store/store-reader.ts";
import type { ExitClaims } from "./exit-claims.ts";

export function withdrawalsView(reader: StoreReader, claims: ExitClaims, rollup: string, recipient: Uint8Array, limit: number) {
  return reader.withdrawalsTo(recipient, limit).map(({ batch, index, record }) => {
    const withdrawal = Withdrawal.deserialize(new Uint8Array(record));
    const stored = reader.batch(batch);
    const status = stored?.status ?? "sealed";
    const claimed = claims.paid(batch, index);
    const calldata = status === "finalized" && !claimed ? claims.calldata(batch, index, record) : undefined;
    const claimable = calldata !== undefined;
    return {
      batch,
      index,
      recipient: getAddress(hexlify(withdrawal.recipient)),
      amount: withdrawal.amount.toString(),
      // a withdrawal's status: its batch's (sealed → committed → finalized), then claimed once paid on L1
      status: claimed ? "claimed" : status,
      ...(stored?.l1TxHash ? { l1TxHash: stored.l1TxHash } : {}),
      commit: stored?.commit?.index ?? null,
      claimable,
      claimed: claimed ? { l1TxHash: claimed.l1TxHash, l1Block: claimed.l1Block } : null,
      ...(calldata ? { claim: { to: getAddress(rollup), data: calldata, value: "0" } } : {}),
    };
  });
}
