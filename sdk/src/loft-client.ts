/**
 * The SDK's entry point: `connect(url)` to a Loft node, then read (domain, accounts,
 * transactions, batches), estimate fees, sign and send transfers and withdrawals, wait for a
 * status, and use the Rollup on L1 (deposit, full exit, claim a final withdrawal).
 *
 * @example
 *   const loft = await connect("ws://127.0.0.1:8547/ws");
 *   const tx = await loft.transfer(wallet, { to, amount: parseEther("0.1") });
 *   await tx.wait("sealed");
 */
import { getAddress, type Signer } from "ethers";
import { BatchTicker } from "./batch-ticker.ts";
import { LoftError, TransactionRejectedError } from "./errors.ts";
import { ExplorerApi } from "./explorer-api.ts";
import { checkL1Chain, queueReceiptOf, sendToRollup, type QueueReceipt } from "./rollup-l1.ts";
import { toLoftSigner, type SignerInput, type TypedDataDomain } from "./signers.ts";
import { addressArgument, checkRequest, sendParamOf, transactionHashOf, typedDataOf, type LoftTransactionRequest } from "./transaction-requests.ts";
import { HttpTransport, type Transport } from "./transport.ts";
import { accountOf, batchOf, reached, transactionOf, type LoftAccount, type LoftBatch, type LoftTransaction, type WaitableStatus } from "./views.ts";
import { WebSocketTransport } from "./websocket-transport.ts";
import { claimWithdrawal, type ClaimResult } from "./withdrawal-claim.ts";

export interface ConnectOptions {
  /** Per-request timeout, ms (30 s). */
  timeoutMs?: number;
  /** How often waits re-check without a batch event, ms (2 s over WebSocket, 1 s over HTTP). */
  pollMs?: number;
  /** The explorer's base URL (default: the node's own origin, where it serves /api). */
  explorerUrl?: string;
  /** Use this transport instead of one chosen by the URL's scheme. */
  transport?: Transport;
}

export interface WaitOptions {
  /** Give up after this many ms (120 s): a LoftError("TIMEOUT"). */
  timeoutMs?: number;
}

/** A transaction the node accepted: its hash and a wait for a later status. */
export interface SentTransaction {
  hash: string;
  from: string;
  request: LoftTransactionRequest;
  wait(status?: WaitableStatus, options?: WaitOptions): Promise<LoftTransaction>;
}

/** An L1 deposit or full-exit request: its L1 receipt, queue index, and a wait for the L2 message. */
export interface SentQueueMessage extends QueueReceipt {
  wait(status?: WaitableStatus, options?: WaitOptions): Promise<LoftTransaction>;
}

/** A request whose fee and nonce the client looks up when they are missing. */
export type SendInput =
  | { type: "transfer"; to: string; amount: bigint; fee?: bigint; nonce?: number }
  | { type: "withdraw"; recipient: string; amount: bigint; fee?: bigint; nonce?: number };
export type TransferInput = { to: string; amount: bigint; fee?: bigint; nonce?: number };
export type WithdrawInput = { recipient?: string; amount: bigint; fee?: bigint; nonce?: number };

export async function connect(url: string, options: ConnectOptions = {}): Promise<LoftClient> {
  const parsed = new URL(url);
  const websocket = parsed.protocol === "ws:" || parsed.protocol === "wss:";
  if (!options.transport && !websocket && parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new LoftError("BAD_ARGUMENT", `unsupported URL scheme ${parsed.protocol} (ws, wss, http or https)`);
  const transport: Transport = options.transport ?? (websocket ? await WebSocketTransport.open(url, options.timeoutMs) : new HttpTransport(url, options.timeoutMs));
  const origin = `${parsed.protocol === "wss:" || parsed.protocol === "https:" ? "https" : "http"}://${parsed.host}`;
  return new LoftClient(transport, new ExplorerApi(options.explorerUrl ?? origin, options.timeoutMs), options.pollMs ?? (transport.subscribe ? 2_000 : 1_000));
}

export class LoftClient {
  private domain: Promise<TypedDataDomain> | undefined;
  private readonly ticker: BatchTicker;

  constructor(readonly transport: Transport, readonly explorer: ExplorerApi, pollMs: number) {
    this.ticker = new BatchTicker(transport, pollMs);
  }

  /** The EIP-712 domain transactions are signed in (L1 chain id, Rollup address), read once. */
  getDomain(): Promise<TypedDataDomain> {
    this.domain ??= this.transport.request<{ domain: { name: string; version: string; chainId: string; verifyingContract: string } }>("loft_getDomain").then(({ domain }) => ({
      name: domain.name, version: domain.version, chainId: BigInt(domain.chainId), verifyingContract: getAddress(domain.verifyingContract),
    }));
    this.domain.catch(() => (this.domain = undefined));
    return this.domain;
  }

  async getAccount(address: string): Promise<LoftAccount> {
    return accountOf(await this.transport.request("loft_getAccount", [addressArgument(address, "address")]));
  }

  /** The transaction by L2 hash, or null if the node does not know it. */
  async getTransaction(hash: string): Promise<LoftTransaction | null> {
    const view = await this.transport.request<Record<string, unknown> | null>("loft_getTransaction", [hash]);
    return view ? transactionOf(view) : null;
  }

  async getBatch(number: number | "latest"): Promise<LoftBatch | null> {
    const view = await this.transport.request<Record<string, unknown> | null>("loft_getBatch", [number === "latest" ? "latest" : `0x${number.toString(16)}`]);
    return view ? batchOf(view) : null;
  }

  /** The next nonce to use: the sender's nonce with its transactions still in the mempool counted. */
  async getNonce(address: string): Promise<number> {
    return Number(BigInt(await this.transport.request<string>("eth_getTransactionCount", [getAddress(address), "pending"])));
  }

  /**
   * The lowest fee the node accepts now for this transaction (loft_estimateFee, spec §4 v2). A
   * node without a fee policy (no loft_estimateFee) accepts any fee: 0.
   */
  async estimateFee(request: { type: "transfer"; to: string; amount: bigint } | { type: "withdraw"; recipient: string; amount: bigint }): Promise<bigint> {
    const target = request.type === "transfer" ? { to: addressArgument(request.to, "to") } : { recipient: addressArgument(request.recipient, "recipient") };
    try {
      const { fee } = await this.transport.request<{ fee: string }>("loft_estimateFee", [{ type: request.type, ...target, amount: `0x${request.amount.toString(16)}` }]);
      return BigInt(fee);
    } catch (error) {
      if (error instanceof LoftError && error.code === "METHOD_NOT_FOUND") return 0n;
      throw error;
    }
  }

  /** Signs (EIP-712 through `signer`) and sends a transfer; fee and nonce are looked up when not given. */
  transfer(signer: SignerInput, input: TransferInput): Promise<SentTransaction> {
    return this.send(signer, { type: "transfer", ...input });
  }

  /** Signs and sends a withdrawal to `recipient` on L1 (default: the signer's own address). */
  async withdraw(signer: SignerInput, input: WithdrawInput): Promise<SentTransaction> {
    const recipient = input.recipient ?? (await toLoftSigner(signer).getAddress());
    return this.send(signer, { type: "withdraw", ...input, recipient });
  }

  /** Signs and sends any Loft transaction; checks the node's hash against the one computed here. */
  async send(signer: SignerInput, input: SendInput): Promise<SentTransaction> {
    checkRequest({ ...input, fee: input.fee ?? 0n, nonce: input.nonce ?? 0 } as LoftTransactionRequest);
    const loftSigner = toLoftSigner(signer);
    const [domain, from] = await Promise.all([this.getDomain(), loftSigner.getAddress().then(getAddress)]);
    const fee = input.fee ?? (await this.estimateFee(input.type === "transfer" ? { type: "transfer", to: input.to, amount: input.amount } : { type: "withdraw", recipient: input.recipient, amount: input.amount }));
    const nonce = input.nonce ?? (await this.getNonce(from));
    const request = { ...input, fee, nonce } as LoftTransactionRequest;
    const { primaryType, types, message } = typedDataOf(request);
    const signature = await loftSigner.signTypedData(domain, types, primaryType, message);
    const hash = await this.transport.request<string>("loft_sendTransaction", [sendParamOf(request, signature)]);
    const expected = transactionHashOf(domain, request, from);
    if (hash.toLowerCase() !== expected) throw new LoftError("HASH_MISMATCH", `the node answered hash ${hash} for a transaction whose hash is ${expected} (signed by ${from}): a different signer than expected, or a node on another protocol version`);
    return { hash: expected, from, request, wait: (status = "sealed", options) => this.waitForTransaction(expected, status, options) };
  }

  /**
   * Resolves once the transaction reaches `status` (or a later one); a rejection is a
   * TransactionRejectedError, running out of time a LoftError("TIMEOUT").
   */
  waitForTransaction(hash: string, status: WaitableStatus = "sealed", options: WaitOptions = {}): Promise<LoftTransaction> {
    return this.waitUntil(`transaction ${hash}`, status, options, () => this.getTransaction(hash));
  }

  /** Deposits `amount` wei to `to` on L2 (default: the sender) through the Rollup's `deposit` on L1. */
  async deposit(signer: SignerInput, input: { to?: string; amount: bigint }): Promise<SentQueueMessage> {
    const l1 = await this.l1SignerOf(signer);
    const to = getAddress(input.to ?? (await l1.getAddress()));
    return this.queueMessage(await sendToRollup(l1, (await this.getDomain()).verifyingContract, "deposit", [to], input.amount));
  }

  /** Asks, on L1, for the sender's whole L2 balance to be withdrawn to it (a forced exit the sequencer must process). */
  async requestFullExit(signer: SignerInput): Promise<SentQueueMessage> {
    const l1 = await this.l1SignerOf(signer);
    return this.queueMessage(await sendToRollup(l1, (await this.getDomain()).verifyingContract, "requestFullExit", []));
  }

  /** Withdrawals paid to `recipient` on L1, newest first, each with whether it can be claimed now. */
  withdrawals(recipient: string) {
    return this.explorer.withdrawals(getAddress(recipient));
  }

  /** Claims a final withdrawal on L1 (anyone may send it; the recipient is paid once). */
  async claimWithdrawal(signer: SignerInput, withdrawal: Parameters<typeof claimWithdrawal>[2]): Promise<ClaimResult> {
    const l1 = await this.l1SignerOf(signer);
    return claimWithdrawal(l1, (await this.getDomain()).verifyingContract, withdrawal);
  }

  async close(): Promise<void> {
    await this.ticker.stop();
    await this.transport.close();
  }

  private async l1SignerOf(signer: SignerInput): Promise<Signer> {
    const l1 = await toLoftSigner(signer).l1Signer?.();
    if (!l1) throw new LoftError("WALLET", "this signer cannot send L1 transactions: pass an ethers Signer connected to L1 or an EIP-1193 provider");
    await checkL1Chain(l1, (await this.getDomain()).chainId);
    return l1;
  }

  private queueMessage(receipt: Awaited<ReturnType<typeof sendToRollup>>): SentQueueMessage {
    const queued = queueReceiptOf(receipt, receipt.to ?? "");
    return { ...queued, wait: (status = "sealed", options = {}) => this.waitUntil(`L1 transaction ${queued.l1TxHash}`, status, options, () => this.explorer.transaction(queued.l1TxHash)) };
  }

  private async waitUntil(what: string, status: WaitableStatus, options: WaitOptions, read: () => Promise<LoftTransaction | null>): Promise<LoftTransaction> {
    const deadline = Date.now() + (options.timeoutMs ?? 120_000);
    let last: LoftTransaction | null = null;
    for (;;) {
      last = await read();
      if (last?.status === "rejected") throw new TransactionRejectedError(last.hash ?? what, last.error ?? "no reason given");
      if (last && reached(last.status, status)) return last;
      if (Date.now() >= deadline) throw new LoftError("TIMEOUT", `${what} did not reach ${status} in ${options.timeoutMs ?? 120_000} ms (last seen: ${last?.status ?? "unknown to the node"})`);
      await this.ticker.next(deadline);
    }
  }
}
