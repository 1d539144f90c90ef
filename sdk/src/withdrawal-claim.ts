/**
 * Claiming a final withdrawal on L1: the explorer builds the Rollup's `withdraw` calldata (its
 * exit proof and the batch's branch in its commit); the SDK does not trust it blindly. It sends
 * only to the Rollup of the signing domain, only a `withdraw` paying the withdrawal's own
 * recipient and amount, and not twice (`isWithdrawn` first, so an already paid claim is an
 * ALREADY_CLAIMED error rather than a reverted transaction that costs gas).
 */
import { Contract, getAddress, type Signer, type TransactionReceipt } from "ethers";
import { LoftError } from "./errors.ts";
import { ROLLUP_L1_ABI, rollupL1Interface, sendToRollup } from "./rollup-l1.ts";
import type { LoftWithdrawal } from "./views.ts";

export interface ClaimResult {
  l1TxHash: string;
  receipt: TransactionReceipt;
}

export async function claimWithdrawal(signer: Signer, rollup: string, withdrawal: LoftWithdrawal): Promise<ClaimResult> {
  const where = `withdrawal ${withdrawal.index} of batch ${withdrawal.batch}`;
  if (withdrawal.status === "claimed") throw new LoftError("ALREADY_CLAIMED", `${where} was already paid to ${withdrawal.recipient}${withdrawal.claimedL1TxHash ? ` in ${withdrawal.claimedL1TxHash}` : ""}`);
  if (!withdrawal.claimable || !withdrawal.claim) throw new LoftError("NOT_CLAIMABLE", `${where} is ${withdrawal.status}: it can be claimed once its commit is final (challenge window over)`);
  if (getAddress(withdrawal.claim.to) !== getAddress(rollup)) throw new LoftError("NOT_CLAIMABLE", `${where}: the claim is addressed to ${withdrawal.claim.to}, not the Rollup ${rollup}`);
  const call = rollupL1Interface.parseTransaction({ data: withdrawal.claim.data });
  if (call?.name !== "withdraw") throw new LoftError("NOT_CLAIMABLE", `${where}: the claim's calldata is not a call of withdraw`);
  const [batchNumber, , , , index, recipient, amount] = call.args;
  if (Number(batchNumber) !== withdrawal.batch || Number(index) !== withdrawal.index || getAddress(recipient) !== getAddress(withdrawal.recipient) || BigInt(amount) !== withdrawal.amount) {
    throw new LoftError("NOT_CLAIMABLE", `${where}: the claim's calldata pays ${amount} wei to ${recipient} (batch ${batchNumber}, index ${index}), not this withdrawal`);
  }
  const contract = new Contract(rollup, ROLLUP_L1_ABI, signer);
  if (await contract.getFunction("isWithdrawn")(withdrawal.batch, withdrawal.index)) throw new LoftError("ALREADY_CLAIMED", `${where} was already paid to ${withdrawal.recipient}`);
  const receipt = await sendToRollup(signer, rollup, "withdraw", call.args.toArray(true));
  return { l1TxHash: receipt.hash, receipt };
}
