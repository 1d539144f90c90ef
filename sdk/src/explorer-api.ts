/**
 * The node's explorer HTTP API (docs/explorer-api.md), for what JSON-RPC does not answer: the
 * withdrawals paid to an L1 address with their ready-made claims, and the L2 transaction an L1
 * deposit or full-exit transaction created (searchable by its L1 hash).
 */
import { LoftError } from "./errors.ts";
import { transactionOf, withdrawalOf, type LoftTransaction, type LoftWithdrawal } from "./views.ts";

export class ExplorerApi {
  constructor(readonly baseUrl: string, private readonly timeoutMs = 30_000, private readonly fetchImpl: typeof fetch = globalThis.fetch) {}

  /** A transaction by L2 hash or by the hash of the L1 transaction that queued it; null when unknown. */
  async transaction(hash: string): Promise<LoftTransaction | null> {
    const body = await this.get(`/api/txs/${hash}`, true);
    return body ? transactionOf(body) : null;
  }

  async withdrawals(recipient: string, limit = 100): Promise<LoftWithdrawal[]> {
    const body = await this.get(`/api/withdrawals/${recipient}?limit=${limit}`, false);
    return (body!.withdrawals as Record<string, unknown>[]).map(withdrawalOf);
  }

  private async get(path: string, nullOn404: boolean): Promise<Record<string, unknown> | null> {
    const url = new URL(path, this.baseUrl).toString();
    let response: Response;
    try {
      response = await this.fetchImpl(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (cause) {
      throw new LoftError("TRANSPORT", `cannot reach the explorer at ${url}: ${(cause as Error).message}`, { cause });
    }
    if (response.status === 404 && nullOn404) return null;
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) throw new LoftError(response.status === 404 ? "NOT_FOUND" : "RPC_ERROR", `${url}: HTTP ${response.status}: ${String(body.error ?? "no error message")}`);
    return body;
  }
}
