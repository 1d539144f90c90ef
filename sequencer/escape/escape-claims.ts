/**
 * What the escape hatch owes, and the exact calldata that claims it (protocol.md §5): an account's
 * `escape(account, balance, nonce, index, length, branch)` with its Merkle proof against the
 * escape batch's state root, and `reclaimDeposit(queueIndex)` for every deposit no final batch
 * processed (queue index at or past the escape batch's queueCount). Whether each was already paid
 * is read from the Rollup (`isEscaped`, `queue(i).reclaimed`) at one block tag.
 */
import { getAddress, hexlify, type JsonRpcProvider } from "ethers";
import { escapeCalldata } from "../l1/withdraw-calldata.ts";
import { rollupInterface } from "../l1/rollup-abi.ts";
import { decodeAccountRecord } from "../node/core-account-reader.ts";
import type { BatchState } from "./state-at-batch.ts";
import { rollupContract, type EscapeHatchState } from "./escape-hatch.ts";

/** An account's proof against a batch's state root (what `escape` takes), or absent for an unknown address. */
export interface AccountProof {
  address: string;
  index: number;
  balance: bigint;
  nonce: number;
  length: number;
  branch: string[];
}

export interface EscapeClaimView {
  account: AccountProof;
  /** The calldata of `escape`; null when the balance is zero (escape would revert NothingToEscape). */
  calldata: string | null;
}

export interface DepositReclaim {
  queueIndex: number;
  depositor: string;
  to: string;
  amount: bigint;
  reclaimed: boolean;
  calldata: string;
}

/** Account `address`'s proof in `state`, or undefined if it has no account there. */
export function accountProofIn(state: BatchState, address: Uint8Array): AccountProof | undefined {
  const { core } = state;
  const index = core.state.indexOf(address);
  if (index < 0) return undefined;
  const { balance, nonce } = decodeAccountRecord(core.state.account(index));
  const { branch, length } = core.state.accountProof(index);
  return { address: getAddress(hexlify(address)), index, balance, nonce, length, branch: branch.map((node) => hexlify(node)) };
}

/** The escape claim of `address` in the escape batch's state (`state` must be that state). */
export function escapeClaimIn(state: BatchState, address: Uint8Array): EscapeClaimView | undefined {
  const account = accountProofIn(state, address);
  if (!account) return undefined;
  const calldata = account.balance === 0n ? null : escapeCalldata({
    index: account.index, length: account.length,
    account: { address, balance: account.balance, nonce: account.nonce },
    branch: account.branch.map((node) => new Uint8Array(Buffer.from(node.slice(2), "hex"))),
  });
  return { account, calldata };
}

export function reclaimCalldata(queueIndex: number): string {
  return rollupInterface().encodeFunctionData("reclaimDeposit", [queueIndex]);
}

/** Whether the escape of account `index` was paid, at `blockTag`. */
export async function isEscaped(provider: JsonRpcProvider, rollup: string, index: number, blockTag: number | string = "latest"): Promise<boolean> {
  return Boolean(await rollupContract(provider, rollup).getFunction("isEscaped")(index, { blockTag }));
}

/** Queue messages read at once at most (each one eth_call, sent together). */
const QUEUE_READS = 50;

/**
 * Every deposit no final batch processed: queue messages [escapeQueueCount, queueLength) with an
 * amount (full-exit requests carry none: their account escapes with its balance instead), each
 * with whether it was reclaimed, at `blockTag`. `depositor` keeps only that depositor's.
 */
export async function unprocessedDeposits(provider: JsonRpcProvider, rollup: string, hatch: EscapeHatchState, blockTag: number | string = "latest", depositor?: string): Promise<DepositReclaim[]> {
  const contract = rollupContract(provider, rollup);
  const out: DepositReclaim[] = [];
  for (let from = hatch.escapeQueueCount; from < hatch.queueLength; from += QUEUE_READS) {
    const indices = Array.from({ length: Math.min(QUEUE_READS, hatch.queueLength - from) }, (_, i) => from + i);
    const messages = await Promise.all(indices.map((i) => contract.getFunction("queue")(i, { blockTag })));
    messages.forEach((m, i) => {
      const amount = BigInt(m.amount);
      if (amount === 0n) return;
      const sender = getAddress(m.sender as string);
      if (depositor !== undefined && sender !== getAddress(depositor)) return;
      out.push({ queueIndex: indices[i]!, depositor: sender, to: getAddress(m.to as string), amount, reclaimed: Boolean(m.reclaimed), calldata: reclaimCalldata(indices[i]!) });
    });
  }
  return out;
}
