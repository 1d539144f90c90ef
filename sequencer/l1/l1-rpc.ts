/**
 * The node's connection to L1: one or more JSON-RPC URLs (--l1-rpc a,b or the flag repeated),
 * used in order with failover. A request goes to the URL that answered last; a transport failure
 * (refused, reset, hung past the timeout, HTTP 5xx/429) moves it to the next URL, and only when
 * every URL failed (twice over, when they fail fast) does the request fail with
 * L1UnreachableError, which every L1 step treats as "retry later". The reachability changes are
 * reported once each ("L1 unreachable" when the first request fails everywhere, "L1 reachable
 * again" at the next answer), never once per request. Logs name a URL by its host only (provider
 * URLs often carry an API key in the path).
 *
 *     const l1 = new L1Rpc("http://a:8545,http://b:8545", { log });
 *     const provider = l1.provider(chainId); // an ethers JsonRpcProvider over the same failover
 *     const reply = await l1.post("eth_sendRawTransaction", [raw]);
 */
import { JsonRpcProvider, Network, type JsonRpcPayload, type JsonRpcResult } from "ethers";
import type { Logger } from "pino";
import { describeL1Error, isTransientL1Error, L1UnreachableError } from "./l1-errors.ts";
import { postJsonBody } from "./json-rpc-post.ts";

/** An L1 that does not answer a request within this long is treated as down for it (the next URL is tried). */
export const L1_REQUEST_TIMEOUT_MS = 10_000;

export type L1RequestOutcome = "ok" | "failover" | "unreachable";

export interface L1RpcOptions {
  log?: Logger;
  timeoutMs?: number;
  /** Each request's outcome (metrics). */
  onOutcome?: (outcome: L1RequestOutcome) => void;
  /** Reachability changes (metrics, readiness). */
  onReachable?: (reachable: boolean) => void;
}

/** The comma-separated list of --l1-rpc as URLs (trimmed, empty entries dropped). */
export function l1Urls(list: string | readonly string[]): string[] {
  return (typeof list === "string" ? list.split(",") : list.flatMap((entry) => entry.split(","))).map((url) => url.trim()).filter((url) => url.length > 0);
}

/** A URL as logs show it: its host, never its path or credentials. */
export const shownUrl = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return "(malformed URL)";
  }
};

export class L1Rpc {
  readonly urls: string[];
  private current = 0;
  private downSince: number | undefined;
  private lastAnswer = Date.now();

  constructor(urls: string | readonly string[], private readonly options: L1RpcOptions = {}) {
    this.urls = l1Urls(urls);
    if (this.urls.length === 0) throw new Error("no L1 JSON-RPC URL given");
  }

  /** Whether the last request got an answer. */
  get reachable(): boolean {
    return this.downSince === undefined;
  }

  /** ms since L1 last answered. */
  get msSinceAnswer(): number {
    return Date.now() - this.lastAnswer;
  }

  /** The comma-separated URLs, as helpers that take one string (postJsonRpc) accept them. */
  get list(): string {
    return this.urls.join(",");
  }

  async post(method: string, params: unknown[], timeoutMs?: number): Promise<unknown> {
    return this.request(JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }), method, timeoutMs);
  }

  /** Sends a JSON-RPC body with failover; resolves to the parsed answer (which may carry a JSON-RPC error). */
  async request(body: string, label: string, timeoutMs = this.options.timeoutMs ?? L1_REQUEST_TIMEOUT_MS): Promise<unknown> {
    const started = Date.now();
    let lastError: unknown;
    const failures: string[] = [];
    for (let pass = 0; pass < 2; pass++) {
      if (pass > 0) {
        if (Date.now() - started > 1_000) break; // slow failures (hangs): one pass is enough
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      for (let k = 0; k < this.urls.length; k++) {
        const index = (this.current + k) % this.urls.length;
        try {
          const answer = await postJsonBody(this.urls[index]!, body, label, timeoutMs);
          this.answered(index, failures.length > 0);
          return answer;
        } catch (error) {
          if (!isTransientL1Error(error)) throw error;
          lastError = error;
          failures.push(`${shownUrl(this.urls[index]!)}: ${describeL1Error(error)}`);
        }
      }
    }
    this.options.onOutcome?.("unreachable");
    const unreachable = new L1UnreachableError(`L1 unreachable (${label}): ${[...new Set(failures)].join("; ")}`, { cause: lastError });
    if (this.downSince === undefined) {
      this.downSince = Date.now();
      this.options.log?.warn({ l1: this.urls.map(shownUrl), err: describeL1Error(lastError) }, "L1 unreachable: the node keeps accepting and sealing, and retries L1 with backoff");
      this.options.onReachable?.(false);
    }
    throw unreachable;
  }

  /** An ethers provider whose every request goes through this failover (chainId known: no network detection). */
  provider(chainId?: bigint): JsonRpcProvider {
    return new FailoverProvider(this, chainId);
  }

  private answered(index: number, failedOver: boolean): void {
    this.lastAnswer = Date.now();
    if (index !== this.current) {
      this.options.log?.warn({ from: shownUrl(this.urls[this.current]!), to: shownUrl(this.urls[index]!) }, "L1 RPC failed over");
      this.current = index;
    }
    this.options.onOutcome?.(failedOver ? "failover" : "ok");
    if (this.downSince !== undefined) {
      this.options.log?.info({ l1: shownUrl(this.urls[index]!), downSeconds: Math.round((Date.now() - this.downSince) / 100) / 10 }, "L1 reachable again");
      this.downSince = undefined;
      this.options.onReachable?.(true);
    }
  }
}

/** ethers' JsonRpcProvider with its transport replaced by L1Rpc's failover (ethers' own fetch has none). */
class FailoverProvider extends JsonRpcProvider {
  constructor(private readonly rpc: L1Rpc, chainId?: bigint) {
    const network = chainId === undefined ? undefined : Network.from(chainId);
    super(rpc.urls[0], network, { staticNetwork: network ?? true, cacheTimeout: -1, batchMaxCount: 1 });
  }

  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    const answer = await this.rpc.request(JSON.stringify(payload), Array.isArray(payload) ? "a batch" : payload.method);
    return (Array.isArray(answer) ? answer : [answer]) as JsonRpcResult[];
  }
}
