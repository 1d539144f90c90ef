/**
 * Withdrawals paid to an L1 address: each with its batch's status and, once the batch is
 * finalized (challenge window over), the exact calldata of the Rollup's `withdraw` — the
 * transaction a wallet sends to claim. Before that, `claimable` is false and no calldata is given.
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
    const claimable = status === "finalized";
    const calldata = claimable ? claims.calldata(batch, index, record) : undefined;
    return {
      batch,
      index,
      recipient: getAddress(hexlify(withdrawal.recipient)),
      amount: withdrawal.amount.toString(),
      status,
      ...(stored?.l1TxHash ? { l1TxHash: stored.l1TxHash } : {}),
      claimable,
      ...(calldata ? { claim: { to: getAddress(rollup), data: calldata, value: "0" } } : {}),
    };
  });
}
