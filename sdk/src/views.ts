/**
 * The node's answers as SDK values: quantities (0x-hex over JSON-RPC, decimal strings or numbers
 * in the explorer API) as bigint wei and number counts, statuses in their order.
 */
export type TransactionStatus = "queued" | "accepted" | "sealed" | "committed" | "finalized" | "rejected";
/** Statuses a transaction passes through, in order (`queued`: an L1 queue message no batch processed yet). */
export const STATUS_ORDER = ["queued", "accepted", "sealed", "committed", "finalized"] as const;
export type WaitableStatus = (typeof STATUS_ORDER)[number];

export const reached = (status: string, target: WaitableStatus) => STATUS_ORDER.indexOf(status as WaitableStatus) >= STATUS_ORDER.indexOf(target);

export interface LoftTransaction {
  hash: string | null;
  type: "transfer" | "withdraw" | "deposit" | "fullExit" | string;
  from?: string;
  to?: string;
  recipient?: string;
  amount: bigint;
  fee: bigint;
  nonce: number;
  status: TransactionStatus;
  batch?: number;
  index?: number;
  error?: string;
  /** For an L1 queue message found by its L1 transaction. */
  l1TxHash?: string;
  queueIndex?: number;
}

export interface LoftAccount {
  address: string;
  /** Index in the state tree; null until the address was first credited. */
  index: number | null;
  balance: bigint;
  nonce: number;
}

export interface LoftBatch {
  number: number;
  root: string;
  stateRoot: string;
  status: "sealed" | "committed" | "finalized";
  txCount: number;
  timestamp: number;
  l1TxHash?: string;
}

export interface LoftWithdrawal {
  batch: number;
  index: number;
  recipient: string;
  amount: bigint;
  /** The batch's status, then `claimed` once the node saw the payment on L1. */
  status: "sealed" | "committed" | "finalized" | "claimed";
  /** True once the batch's commit is final and the claim is built (never once claimed). */
  claimable: boolean;
  claim?: { to: string; data: string };
  /** The L1 transaction that paid it, once claimed. */
  claimedL1TxHash?: string;
}

const quantity = (value: unknown) => (value === undefined || value === null ? undefined : BigInt(value as string));
const count = (value: unknown) => (value === undefined || value === null ? undefined : Number(BigInt(value as string | number)));

/** A loft_getTransaction result, or an explorer transaction (same fields, other encodings). */
export function transactionOf(view: Record<string, unknown>): LoftTransaction {
  const out: LoftTransaction = {
    hash: (view.hash as string | null) ?? null,
    type: view.type as string,
    amount: quantity(view.amount) ?? 0n,
    fee: quantity(view.fee) ?? 0n,
    nonce: count(view.nonce) ?? 0,
    status: view.status as TransactionStatus,
  };
  for (const key of ["from", "to", "recipient", "error", "l1TxHash"] as const) if (typeof view[key] === "string") out[key] = view[key] as string;
  for (const key of ["batch", "index", "queueIndex"] as const) if (view[key] !== undefined && view[key] !== null) out[key] = count(view[key])!;
  return out;
}

export function accountOf(view: Record<string, unknown>): LoftAccount {
  return { address: view.address as string, index: count(view.index) ?? null, balance: quantity(view.balance)!, nonce: count(view.nonce)! };
}

export function batchOf(view: Record<string, unknown>): LoftBatch {
  return {
    number: count(view.number)!, root: view.root as string, stateRoot: view.stateRoot as string, status: view.status as LoftBatch["status"],
    txCount: count(view.txCount)!, timestamp: count(view.timestamp)!, ...(typeof view.l1TxHash === "string" ? { l1TxHash: view.l1TxHash } : {}),
  };
}

export function withdrawalOf(view: Record<string, unknown>): LoftWithdrawal {
  const claim = view.claim as { to: string; data: string } | undefined;
  const claimed = view.claimed as { l1TxHash?: string } | null | undefined;
  return {
    batch: view.batch as number, index: view.index as number, recipient: view.recipient as string, amount: BigInt(view.amount as string),
    status: view.status as LoftWithdrawal["status"], claimable: view.claimable === true, ...(claim ? { claim: { to: claim.to, data: claim.data } } : {}),
    ...(claimed?.l1TxHash ? { claimedL1TxHash: claimed.l1TxHash } : {}),
  };
}
