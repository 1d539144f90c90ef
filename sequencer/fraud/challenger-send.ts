/**
 * Sends a fraud proof to the Rollup as an L1 transaction (docs/fraud-proofs.md §4): the gas limit
 * is eth_estimateGas's (which also reveals a proof that would revert, decoded to the contract's
 * custom error), capped at 16,777,216 (2^24, the most a transaction may use on current L1s); then
 * the receipt's FraudProven event says what was proven and what the prover was paid.
 */
import { Transaction, type JsonRpcProvider, type Log, type Provider, type TransactionReceipt, type Wallet } from "ethers";
import { fraudEventOf, fraudProvenTopic, type FraudEvent } from "../l1/fraud-event.ts";
import { withL1Retry } from "../l1/l1-retry.ts";
import { rollupInterface } from "../l1/rollup-abi.ts";

export const PROOF_GAS_CAP = 16_777_216n;

/** What the FraudProven event of a successful proof says. */
export type ProvenFraud = FraudEvent;

export type ProofOutcome =
  | { ok: true; l1TxHash: string; gasUsed: bigint; proven: ProvenFraud }
  | { ok: false; error: string; l1TxHash?: string };

/** The custom error in a reverted call's data, as `Name(arg, …)`, or the error's own message. */
export function revertReason(error: unknown): string {
  const e = error as { data?: unknown; info?: { error?: { data?: unknown; message?: string } }; error?: { data?: unknown; message?: string }; shortMessage?: string; message?: string };
  const candidates = [e.data, e.info?.error?.data, e.error?.data, (e.data as { data?: unknown } | undefined)?.data];
  const data = candidates.find((d): d is string => typeof d === "string" && d.startsWith("0x") && d.length >= 10);
  if (data) {
    const parsed = rollupInterface().parseError(data);
    if (parsed) return `${parsed.name}(${parsed.args.map((a) => String(a)).join(", ")})`;
    return `unknown error ${data.slice(0, 10)}`;
  }
  // the node's own words first: ethers' summary of an error it does not classify says only "could not coalesce error"
  return e.error?.message ?? e.info?.error?.message ?? e.shortMessage ?? e.message ?? String(error);
}

/** The FraudProven event among a receipt's logs of the Rollup. */
export function provenFraudOf(logs: readonly Log[], rollup: string): ProvenFraud | undefined {
  const topic = fraudProvenTopic();
  const log = logs.find((l) => l.address.toLowerCase() === rollup.toLowerCase() && l.topics[0] === topic);
  return log && fraudEventOf(log);
}

/** Whether the proof would succeed now, without sending it: undefined if so, else the revert reason. */
export async function checkProof(provider: JsonRpcProvider, rollup: string, calldata: string, from?: string): Promise<string | undefined> {
  try {
    await provider.call({ to: rollup, data: calldata, ...(from ? { from } : {}), gasLimit: PROOF_GAS_CAP });
    return undefined;
  } catch (error) {
    return revertReason(error);
  }
}

/** How long a sent proof may take to be mined before the send is reported failed (its hash is kept). */
const RECEIPT_TIMEOUT_MS = 10 * 60_000;

/**
 * Sends the proof. Transient L1 failures (a reset connection, a timeout, 5xx, a rate limit) are
 * retried at every step (l1/l1-retry.ts); the transaction is signed once, so a retried broadcast
 * sends the same transaction again, never a second proof.
 */
export async function sendProof(wallet: Wallet, rollup: string, calldata: string): Promise<ProofOutcome> {
  const provider = wallet.provider!;
  let estimate: bigint;
  try {
    estimate = await withL1Retry(() => wallet.estimateGas({ to: rollup, data: calldata }));
  } catch (error) {
    return { ok: false, error: revertReason(error) };
  }
  const gasLimit = estimate + estimate / 10n < PROOF_GAS_CAP ? estimate + estimate / 10n : PROOF_GAS_CAP;
  let hash: string | undefined;
  try {
    const request = await withL1Retry(() => wallet.populateTransaction({ to: rollup, data: calldata, gasLimit }));
    const signed = await wallet.signTransaction(request);
    hash = Transaction.from(signed).hash!;
    await withL1Retry(async () => {
      try {
        await provider.broadcastTransaction(signed);
      } catch (error) {
        if (!/already known|known transaction|nonce too low|nonce has already been used/i.test((error as Error).message)) throw error; // an earlier try got it in
      }
    });
    const receipt = await receiptOf(provider, hash);
    if (!receipt) return { ok: false, error: `the proof was not mined within ${RECEIPT_TIMEOUT_MS / 60_000} minutes`, l1TxHash: hash };
    if (receipt.status !== 1) return { ok: false, error: "the proof reverted on L1", l1TxHash: hash };
    const proven = provenFraudOf(receipt.logs, rollup);
    if (!proven) return { ok: false, error: "the proof's transaction succeeded but emitted no FraudProven", l1TxHash: hash };
    return { ok: true, l1TxHash: hash, gasUsed: receipt.gasUsed, proven };
  } catch (error) {
    return { ok: false, error: revertReason(error), ...(hash ? { l1TxHash: hash } : {}) };
  }
}

async function receiptOf(provider: Provider, hash: string): Promise<TransactionReceipt | undefined> {
  const deadline = Date.now() + RECEIPT_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const receipt = await withL1Retry(() => provider.getTransactionReceipt(hash));
    if (receipt) return receipt;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return undefined;
}
